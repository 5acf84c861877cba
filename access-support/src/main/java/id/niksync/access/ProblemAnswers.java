package id.niksync.access;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What both services answer outside Spring MVC, as problem details, and how they read a
 * request body: imported by each service's {@code SystemConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class ProblemAnswers {

	/**
	 * Before Spring Security's filter chain
	 * ({@code SecurityProperties.DEFAULT_FILTER_ORDER}, -100), so the outage filter sees
	 * what sign-in and every later filter let through.
	 */
	static final int OUTAGE_FILTER_ORDER = -120;

	/** Text with a NUL character is refused while a request body is read. */
	@Bean
	NoNulStrings noNulStrings() {
		return new NoNulStrings();
	}

	/** A date in a body is written yyyy-MM-dd, an instant in ISO 8601 with its offset. */
	@Bean
	StrictDates strictDates() {
		return new StrictDates();
	}

	/** A name in a body (a sex, a role) is written without blanks around it. */
	@Bean
	StrictNames strictNames() {
		return new StrictNames();
	}

	/**
	 * Request bodies hold the JSON types they declare: with
	 * {@code allow-coercion-of-scalars} and {@code accept-float-as-int} off (each
	 * service's application.yml) {@code "7"} is no number, {@code 5.5} no whole one and
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

	/** A body that is not well-formed UTF-8 is refused while it is read. */
	@Bean
	Jackson2ObjectMapperBuilderCustomizer utf8Only() {
		return (builder) -> builder.postConfigurer((mapper) -> mapper.getFactory().setInputDecorator(new Utf8Only()));
	}

	/**
	 * A Content-Type naming no type is 415 ({@link NamedContentType}), a query parameter
	 * is given once and in its one spelling ({@link StrictQueryParameters}), and Spring
	 * MVC's JSON converters are {@link Utf8JsonMessageConverter}s, in their places and
	 * with their ObjectMappers: a body whose {@code Content-Type} names another charset
	 * than UTF-8 is refused (415). Replaced rather than put in front: Spring Boot keeps
	 * its default converter behind one of the same type, and it would read what this one
	 * refuses.
	 */
	@Bean
	WebMvcConfigurer utf8JsonOnly() {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new NamedContentType());
				registry.addInterceptor(new StrictQueryParameters());
			}

			@Override
			public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
				converters.replaceAll(
						(converter) -> (converter.getClass() == MappingJackson2HttpMessageConverter.class)
								? new Utf8JsonMessageConverter(
										((MappingJackson2HttpMessageConverter) converter).getObjectMapper())
								: converter);
			}

		};
	}

	/**
	 * Writes problem details where Spring MVC does not: in filters and Spring Security's
	 * handlers.
	 */
	@Bean
	ProblemWriter problemWriter(ObjectMapper json, ObjectProvider<ProblemListener> listeners) {
		return new ProblemWriter(json, listeners::orderedStream);
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
	 * A way for a refusal to close the connection rather than read the body it refused.
	 */
	@Bean
	UnreadBodies unreadBodies() {
		return new UnreadBodies();
	}

	/**
	 * 503 for an outage met before any controller (sign-in reading accounts, an API key
	 * lookup, a partner filter).
	 */
	@Bean
	FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter(ProblemWriter problems) {
		FilterRegistrationBean<DatabaseUnavailableFilter> registration = new FilterRegistrationBean<>(
				new DatabaseUnavailableFilter(problems));
		registration.setOrder(OUTAGE_FILTER_ORDER);
		return registration;
	}

}
