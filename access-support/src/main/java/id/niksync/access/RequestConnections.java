package id.niksync.access;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Keeps {@code niksync.datasource.reserved-connections} of the service's pool from HTTP
 * requests, and {@code niksync.datasource.probe-connections} of those for the database's
 * probes ({@link RequestConnectionShare}): imported by each service's
 * {@code SystemConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class RequestConnections {

	static final String RESERVED = "niksync.datasource.reserved-connections";

	static final String FOR_PROBES = "niksync.datasource.probe-connections";

	static final int DEFAULT_RESERVED = 6;

	static final int DEFAULT_FOR_PROBES = 2;

	/** The service's pool, wrapped once Spring Boot has configured it. */
	@Bean
	static BeanPostProcessor requestConnectionShare(Environment environment) {
		int reserved = environment.getProperty(RESERVED, Integer.class, DEFAULT_RESERVED);
		int forProbes = environment.getProperty(FOR_PROBES, Integer.class, DEFAULT_FOR_PROBES);
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (!(bean instanceof HikariDataSource pool)) {
					return bean;
				}
				int size = pool.getMaximumPoolSize();
				if (forProbes < 1 || reserved <= forProbes || reserved >= size) {
					throw new IllegalStateException(FOR_PROBES + " (" + forProbes + ") must be at least 1, " + RESERVED
							+ " (" + reserved + ") above it and below spring.datasource.hikari.maximum-pool-size ("
							+ size + "): requests hold at most the pool less the reserved, requests and background"
							+ " work at most the pool less the probes'");
				}
				return new RequestConnectionShare(pool, size - reserved, size - forProbes,
						Duration.ofMillis(pool.getConnectionTimeout()));
			}

		};
	}

	/** First of all filters: whatever a later one reads from the database counts. */
	@Bean
	FilterRegistrationBean<RequestConnectionShare.Filter> requestConnectionFilter() {
		FilterRegistrationBean<RequestConnectionShare.Filter> registration = new FilterRegistrationBean<>(
				new RequestConnectionShare.Filter());
		registration.setName("requestConnectionShare");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
