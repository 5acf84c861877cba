package id.niksync.registry.system;

import java.time.Clock;

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

}
