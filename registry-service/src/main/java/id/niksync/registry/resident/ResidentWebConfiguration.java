package id.niksync.registry.resident;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.access.RequestBodyLimitFilter;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The registry's request body limits: one for every route, a larger one for batches. */
@Configuration(proxyBeanMethods = false)
class ResidentWebConfiguration {

	static final String BATCH_PATH = "/api/v1/residents/batch";

	/** Ahead of Spring Security: refusing an oversized body costs nothing. */
	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(RegistryProperties properties, ObjectMapper json) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties.maxBody(), Map.of(BATCH_PATH, properties.maxBatchBody()), json));
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
		return registration;
	}

}
