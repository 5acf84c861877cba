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
 * check, waited for at most {@value #ANSWER_WITHIN_SECONDS} s (a hung database would hold
 * a probe until it answers, and then say UP for a time it was not).
 */
@Configuration(proxyBeanMethods = false)
class ReplicaDatabaseHealth {

	private static final long ANSWER_WITHIN_SECONDS = 2;

	private static final Duration ANSWER_WITHIN = Duration.ofSeconds(ANSWER_WITHIN_SECONDS);

	/** Named as Spring Boot's, which it replaces. */
	@Bean("dbHealthContributor")
	HealthIndicator replicaDatabaseHealth(DataSource dataSource, IngestStatus replica) {
		DataSourceHealthIndicator check = new DataSourceHealthIndicator(dataSource, "SELECT 1");
		return () -> replica.replicaKnownAway() ? Health.down()
			.withDetail("database", "PostgreSQL")
			.withDetail("reason",
					"the replica circuit breaker is " + replica.snapshot().circuit()
							+ ": the database failed its probes")
			.build() : check.health();
	}

}
