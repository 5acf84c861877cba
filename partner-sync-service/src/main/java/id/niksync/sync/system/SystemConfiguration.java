package id.niksync.sync.system;

import java.time.Clock;

import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import id.niksync.access.JsonRouteMappings;
import id.niksync.access.ProblemAnswers;
import id.niksync.access.RequestConnections;
import id.niksync.schemas.NikChangedCodec;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
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

	/**
	 * Request bodies hold the JSON types they declare, as the registry's do: with
	 * {@code allow-coercion-of-scalars} and {@code accept-float-as-int} off
	 * (application.yml) {@code "7"} is no number, {@code 5.5} no whole one and
	 * {@code "true"} no boolean; this adds that a number or a boolean is no text, which
	 * Jackson would otherwise turn into one ({@code {"nik": 3511014506900001}}). Each is
	 * 400 {@code MALFORMED_REQUEST}.
	 */
	@Bean
	Jackson2ObjectMapperBuilderCustomizer textIsNeverCoerced() {
		return (builder) -> builder.postConfigurer((mapper) -> mapper.coercionConfigFor(LogicalType.Textual)
			.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
			.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

}
