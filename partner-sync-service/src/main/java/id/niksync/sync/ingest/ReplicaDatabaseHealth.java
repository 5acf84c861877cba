package id.niksync.sync.ingest;

import java.time.Duration;

import javax.sql.DataSource;

import id.niksync.access.SharedHealthCheck;

import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The replica database's health ({@code db} in {@code /actuator/health}): while the
 * replica breaker knows the database is away it answers DOWN at once, instead of waiting
 * for a connection the way Spring Boot's own check does (3 s, the pool's connection
 * timeout, on every call of a load balancer's health probe); otherwise Spring Boot's
 * check, one at a time and waited for at most {@value #ANSWER_WITHIN_SECONDS} s
 * ({@link SharedHealthCheck}): a hung database (a paused server, a dropped network) would
 * hold a probe, its server thread and its connection until the driver's socket timeout,
 * and then say UP for a time it was not.
 */
@Configuration(proxyBeanMethods = false)
class ReplicaDatabaseHealth {

	private static final long ANSWER_WITHIN_SECONDS = 2;

	/** Named as Spring Boot's, which it replaces. */
	@Bean("dbHealthContributor")
	HealthIndicator replicaDatabaseHealth(DataSource dataSource, IngestStatus replica) {
		SharedHealthCheck check = new SharedHealthCheck("replica-health",
				new DataSourceHealthIndicator(dataSource, "SELECT 1"), Duration.ofSeconds(ANSWER_WITHIN_SECONDS));
		return () -> {
			if (replica.replicaKnownAway()) {
				return SharedHealthCheck.down("the replica circuit breaker is " + replica.snapshot().circuit()
						+ ": the database failed its probes");
			}
			return check.health();
		};
	}

}
