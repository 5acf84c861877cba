package id.niksync.sync.partner;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.access.RequestBodyLimitFilter;

import id.niksync.access.ProblemWriter;
import id.niksync.sync.ingest.IngestStatus;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The partner API's plumbing: its gate, its OpenAPI description, and the body limit of
 * the other routes.
 */
@Configuration(proxyBeanMethods = false)
class PartnerWebConfiguration {

	private final PartnerRateLimits limits;

	private final PartnerProperties properties;

	PartnerWebConfiguration(PartnerRateLimits limits, PartnerProperties properties) {
		this.limits = limits;
		this.properties = properties;
	}

	/** Also the listener that audits refusals, wherever they are answered. */
	@Bean
	PartnerGate partnerGate(PartnerAudit audit, ProblemWriter problems, IngestStatus replica) {
		return new PartnerGate(this.limits, this.properties, audit, problems, replica::replicaKnownAway);
	}

	/**
	 * Right after Spring Security, so the institution is known and requests it refuses
	 * never reach the gate.
	 */
	@Bean
	FilterRegistrationBean<PartnerGate> partnerGateRegistration(PartnerGate gate) {
		FilterRegistrationBean<PartnerGate> registration = new FilterRegistrationBean<>(gate);
		registration.addUrlPatterns("/partner/*");
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
		return registration;
	}

	/** Partner lookups' handler, found without a scan of every route. */
	@Bean
	ResidentLookupMapping residentLookupMapping(
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
		return new ResidentLookupMapping(mappings);
	}

	/** And called without Spring MVC's argument resolution and content negotiation. */
	@Bean
	ResidentLookupAdapter residentLookupAdapter(ResidentLookupMapping mapping, ResidentLookup lookup,
			ObjectMapper json) {
		return new ResidentLookupAdapter(mapping, lookup, json);
	}

	/**
	 * Every other route's bodies (operators' {@code /ops/**}) have the same limit,
	 * refused {@code 413} ahead of Spring Security before anything reads them; partner
	 * routes are the gate's, which counts and audits the refusal.
	 */
	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(ObjectMapper json) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(this.properties.maxRequestSize(), Map.of(), List.of("/partner/"), json));
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
		return registration;
	}

	@Bean
	OpenAPI partnerOpenApi() {
		return new OpenAPI()
			.info(new Info().title("NIK Sync partner API")
				.version("v1")
				.description("Look up and verify NIKs on the partner replica. Every request needs an API key "
						+ "(Authorization: ApiKey <key>) and a purpose (X-Purpose); every request is audited; "
						+ "answers hold only the fields the institution's type is entitled to. Errors are RFC 9457 "
						+ "problem details with a stable code."))
			.components(new Components().addSecuritySchemes("apiKey",
					new SecurityScheme().type(SecurityScheme.Type.APIKEY)
						.in(SecurityScheme.In.HEADER)
						.name("Authorization")
						.description("ApiKey <key>, as issued by an administrator")))
			.addSecurityItem(new SecurityRequirement().addList("apiKey"));
	}

}
