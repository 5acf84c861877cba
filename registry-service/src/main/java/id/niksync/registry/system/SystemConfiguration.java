package id.niksync.registry.system;

import java.time.Clock;

import id.niksync.access.JsonRouteMappings;
import id.niksync.access.ProblemAnswers;
import id.niksync.access.RequestConnections;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Beans every feature uses and none owns. */
@Configuration(proxyBeanMethods = false)
@Import({ ProblemAnswers.class, JsonRouteMappings.class, RequestConnections.class })
class SystemConfiguration {

	/** One clock for every timestamp the service writes: UTC. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
