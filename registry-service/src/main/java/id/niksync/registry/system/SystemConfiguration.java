package id.niksync.registry.system;

import java.time.Clock;

import id.niksync.access.JsonRouteMappings;
import id.niksync.access.ProblemAnswers;

import org.springframework.boot.autoconfigure.web.servlet.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Beans every feature uses and none owns. */
@Configuration(proxyBeanMethods = false)
@Import(ProblemAnswers.class)
class SystemConfiguration {

	/** One clock for every timestamp the service writes: UTC. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Spring MVC's mappings, where the service's REST routes produce JSON only: an
	 * {@code Accept} without JSON is refused 406 before a handler runs.
	 */
	@Bean
	static WebMvcRegistrations jsonRouteMappings() {
		return new WebMvcRegistrations() {
			@Override
			public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
				return new JsonRouteMappings();
			}
		};
	}

}
