package id.niksync.sync.system;

import java.time.Clock;

import id.niksync.access.JsonRouteMappings;
import id.niksync.access.ProblemAnswers;
import id.niksync.access.RequestConnections;
import id.niksync.schemas.NikChangedCodec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Beans more than one feature uses and none owns. */
@Configuration(proxyBeanMethods = false)
@Import({ ProblemAnswers.class, JsonRouteMappings.class, RequestConnections.class })
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

}
