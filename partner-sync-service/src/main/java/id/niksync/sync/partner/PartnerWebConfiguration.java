package id.niksync.sync.partner;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.access.ProblemWriter;
import id.niksync.sync.ingest.IngestStatus;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The partner API's plumbing: its audit filter, its request gate and its OpenAPI
 * description.
 */
@Configuration(proxyBeanMethods = false)
class PartnerWebConfiguration implements WebMvcConfigurer {

	private final PartnerRateLimits limits;

	private final PartnerProperties properties;

	PartnerWebConfiguration(PartnerRateLimits limits, PartnerProperties properties) {
		this.limits = limits;
		this.properties = properties;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new PartnerRequestGate(this.limits, this.properties)).addPathPatterns("/partner/**");
	}

	/** Ahead of Spring Security, so that requests it refuses are audited too. */
	@Bean
	FilterRegistrationBean<PartnerAuditFilter> partnerAuditFilter(PartnerAudit audit, ObjectMapper json,
			IngestStatus replica) {
		FilterRegistrationBean<PartnerAuditFilter> registration = new FilterRegistrationBean<>(
				new PartnerAuditFilter(audit, json, replica::replicaKnownAway));
		registration.addUrlPatterns("/partner/*");
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> partnerRequestBodyLimit(ProblemWriter problems) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(this.properties, problems));
		registration.addUrlPatterns("/partner/*");
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
