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
 * requests ({@link RequestConnectionShare}): imported by each service's
 * {@code SystemConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class RequestConnections {

	static final String RESERVED = "niksync.datasource.reserved-connections";

	static final int DEFAULT_RESERVED = 6;

	/** The service's pool, wrapped once Spring Boot has configured it. */
	@Bean
	static BeanPostProcessor requestConnectionShare(Environment environment) {
		int reserved = environment.getProperty(RESERVED, Integer.class, DEFAULT_RESERVED);
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (!(bean instanceof HikariDataSource pool)) {
					return bean;
				}
				int size = pool.getMaximumPoolSize();
				if (reserved < 1 || reserved >= size) {
					throw new IllegalStateException(RESERVED + " (" + reserved
							+ ") must be at least 1 and below spring.datasource.hikari.maximum-pool-size (" + size
							+ "): requests hold the rest");
				}
				return new RequestConnectionShare(pool, size - reserved,
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
