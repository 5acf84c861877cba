package id.niksync.sync.ingest;

import java.time.Duration;

import javax.sql.DataSource;

import id.niksync.access.BoundedWait;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The replica database's health ({@code db} in {@code /actuator/health}): while the
 * replica breaker knows the database is away it answers DOWN at once, instead of waiting
 * for a connection the way Spring Boot's own check does (3 s, the pool's connection
 * timeout, on every call of a load balancer's health probe); otherwise Spring Boot's
 * check, waited for at most {@value #ANSWER_WITHIN_SECONDS} s: a hung database (a paused
 * server, a dropped network) would hold a probe, its server thread and its connection
 * until the driver's socket timeout, and then say UP for a time it was not. At most
 * {@value #MAX_WAITING} checks wait for such a database at once; a probe beyond them is
 * DOWN at once.
 */
@Configuration(proxyBeanMethods = false)
class ReplicaDatabaseHealth {

	private static final long ANSWER_WITHIN_SECONDS = 2;

	private static final Duration ANSWER_WITHIN = Duration.ofSeconds(ANSWER_WITHIN_SECONDS);

	private static final int MAX_WAITING = 2;

	/** Named as Spring Boot's, which it replaces. */
	@Bean("dbHealthContributor")
	HealthIndicator replicaDatabaseHealth(DataSource dataSource, IngestStatus replica) {
		DataSourceHealthIndicator check = new DataSourceHealthIndicator(dataSource, "SELECT 1");
		BoundedWait bounded = new BoundedWait("replica-health", ANSWER_WITHIN, MAX_WAITING);
		return () -> {
			if (replica.replicaKnownAway()) {
				return down("the replica circuit breaker is " + replica.snapshot().circuit()
						+ ": the database failed its probes");
			}
			try {
				return bounded.call(check::health);
			}
			catch (BoundedWait.DatabaseTooSlowException ex) {
				return down(ex.getMessage());
			}
		};
	}

	private static Health down(String reason) {
		return Health.down().withDetail("database", "PostgreSQL").withDetail("reason", reason).build();
	}

}
