package id.niksync.registry.system;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.access.ProblemWriter;

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

}
