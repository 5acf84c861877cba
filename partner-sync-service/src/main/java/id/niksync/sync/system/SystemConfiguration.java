package id.niksync.sync.system;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.access.ProblemErrorController;
import id.niksync.access.DatabaseUnavailableFilter;
import id.niksync.access.ProblemWriter;
import id.niksync.access.TomcatProblemReports;

import id.niksync.schemas.NikChangedCodec;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans more than one feature uses and none owns. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	/** One clock for every timestamp the service writes: UTC. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Ingestion decodes events with it, the dead-letter store and views read them. */
	@Bean
	NikChangedCodec nikChangedCodec() {
		return new NikChangedCodec();
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
	 * 503 for an outage met before any controller (operator sign-in, API key lookup, the
	 * partner audit filter): outside Spring Security's chain and the partner filters, so
	 * it sees what they let through.
	 */
	@Bean
	FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter(ProblemWriter problems) {
		FilterRegistrationBean<DatabaseUnavailableFilter> registration = new FilterRegistrationBean<>(
				new DatabaseUnavailableFilter(problems));
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 20);
		return registration;
	}

}
