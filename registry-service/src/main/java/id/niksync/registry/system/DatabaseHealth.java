package id.niksync.registry.system;

import java.time.Duration;

import javax.sql.DataSource;

import id.niksync.access.SharedHealthCheck;

import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registry database's health ({@code db} in {@code /actuator/health}): Spring Boot's
 * check, one at a time on a thread of its own and waited for at most 2 s
 * ({@link SharedHealthCheck}). Run on the probe's own server thread it would count as a
 * request's ({@code niksync.datasource.reserved-connections}), so requests stuck behind a
 * lock would make the database look DOWN; and a hung database would hold every probe.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealth {

	/** Named as Spring Boot's, which it replaces. */
	@Bean("dbHealthContributor")
	HealthIndicator registryDatabaseHealth(DataSource dataSource) {
		return new SharedHealthCheck("registry-health", new DataSourceHealthIndicator(dataSource, "SELECT 1"),
				Duration.ofSeconds(2));
	}

}
