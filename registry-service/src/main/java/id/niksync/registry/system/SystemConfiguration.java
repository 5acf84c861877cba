package id.niksync.registry.system;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.access.ProblemErrorController;
import id.niksync.access.DatabaseUnavailableFilter;
import id.niksync.access.ProblemWriter;
import id.niksync.access.TomcatProblemReports;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every feature uses and none owns. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	/** One clock for every timestamp the service writes: UTC. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Writes problem details where Spring MVC does not: in filters and Spring Security's
	 * handlers.
	 */
	@Bean
	ProblemWriter problemWriter(ObjectMapper json) {
		return new ProblemWriter(json);
	}

	/**
	 * Spring Boot's error page (an exception out of a filter, a container's
	 * {@code sendError}) as problem details; replaces Boot's BasicErrorController.
	 */
	@Bean
	ProblemErrorController errorController(ProblemWriter problems) {
		return new ProblemErrorController(problems);
	}

	/** What Tomcat refuses before any servlet (a malformed path …) as problem details. */
	@Bean
	TomcatProblemReports tomcatProblemReports(ProblemWriter problems) {
		return new TomcatProblemReports(problems);
	}

	/**
	 * 503 for an outage met before any controller (sign-in reads the accounts): outside
	 * Spring Security's chain and the body limit, so it sees what they let through.
	 */
	@Bean
	FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter(ProblemWriter problems) {
		FilterRegistrationBean<DatabaseUnavailableFilter> registration = new FilterRegistrationBean<>(
				new DatabaseUnavailableFilter(problems));
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 20);
		return registration;
	}

}
