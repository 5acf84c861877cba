package id.niksync.sync.partner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.access.NamedContentType;
import id.niksync.access.StrictQueryParameters;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestPartners;
import id.niksync.sync.TestPartners.Partner;
import id.niksync.sync.replica.ReplicaWriter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.ConversionServiceExposingInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.resource.ResourceUrlProviderExposingInterceptor;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ResidentLookupMapping} finds what Spring MVC's own mapping finds for a partner
 * lookup, with the same request attributes, and leaves everything else to it.
 */
@SyncIntegrationTest
class ResidentLookupMappingIntegrationTests {

	private static final List<String> PATHS = List.of("/partner/v1/residents/3511014506900501",
			"/partner/v1/residents/abc", "/partner/v1/residents/%33511014506900501", "/partner/v1/residents/35;v=1",
			"/partner/v1/residents/3511014506900501;a=b;c=d", "/partner/v1/residents/%20", "/partner/v1/residents/",
			"/partner/v1/residents", "/partner/v1/residents/a/b", "/partner/v1/residents//3511014506900501",
			"/partner/v1/residents/3511014506900501/", "/partner/v1/residents/%2F", "/partner/v1/RESIDENTS/1",
			"/partner/v1/verifications", "/partner/v1/verifications/batch", "/partner/v1/reonline-requests/x",
			"/ops/sync-status", "/ops/dead-letters/1", "/actuator/health", "/");

	private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

	@Autowired
	ResidentLookupMapping fast;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping spring;

	@Autowired
	TestRestTemplate http;

	@Autowired
	ReplicaWriter replica;

	@Autowired
	MeterRegistry meters;

	@Test
	void findsWhatSpringMvcFindsForALookupAndNothingElse() throws Exception {
		List<String> matched = new ArrayList<>();
		for (String method : METHODS) {
			for (String path : PATHS) {
				MockHttpServletRequest ours = request(method, path);
				MockHttpServletRequest theirs = request(method, path);
				HandlerExecutionChain found = this.fast.getHandler(ours);
				HandlerMethod expected = lookupHandlerOf(theirs);
				if (found == null) {
					// left to Spring MVC: anything but the lookup
					assertThat(expected).as(method + " " + path).isNull();
					continue;
				}
				matched.add(method + " " + path);
				assertThat(expected).as(method + " " + path).isNotNull();
				assertThat(((HandlerMethod) found.getHandler()).getMethod()).isEqualTo(expected.getMethod());
				assertThat(found.getHandler())
					.isSameAs(ours.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE));
				for (String attribute : List.of(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE,
						HandlerMapping.MATRIX_VARIABLES_ATTRIBUTE, HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
						HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE,
						HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE)) {
					assertThat(ours.getAttribute(attribute)).as(method + " " + path + " " + attribute)
						.isEqualTo(theirs.getAttribute(attribute));
				}
			}
		}
		// HEAD as Spring MVC maps it: to the GET
		List<String> lookups = List.of("/partner/v1/residents/3511014506900501", "/partner/v1/residents/abc",
				"/partner/v1/residents/%33511014506900501", "/partner/v1/residents/35;v=1",
				"/partner/v1/residents/3511014506900501;a=b;c=d", "/partner/v1/residents/%20",
				"/partner/v1/residents/%2F");
		assertThat(matched).containsExactlyElementsOf(Stream.of("GET", "HEAD")
			.flatMap((method) -> lookups.stream().map((path) -> method + " " + path))
			.toList());
	}

	/**
	 * An {@code Accept} that admits no JSON is Spring MVC's to refuse (406, before the
	 * handler runs); any other is matched here, with the attributes Spring MVC sets.
	 */
	@Test
	void leavesAnAcceptWithoutJsonToSpringMvc() throws Exception {
		List<String> matched = new ArrayList<>();
		List<String> accepts = Arrays.asList(null, "*/*", "application/json", "application/*+json", "application/*",
				"text/html", "application/xml", "text/html, application/json;q=0.1", "text/*", "nonsense",
				"text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2", "application/json;q=0");
		// twice: the second time from what the mapping remembers of each
		for (String accept : Stream.concat(accepts.stream(), accepts.stream()).toList()) {
			MockHttpServletRequest ours = request("GET", PartnerApi.RESIDENTS + "/3511014506900501");
			MockHttpServletRequest theirs = request("GET", PartnerApi.RESIDENTS + "/3511014506900501");
			if (accept != null) {
				ours.addHeader(HttpHeaders.ACCEPT, accept);
				theirs.addHeader(HttpHeaders.ACCEPT, accept);
			}
			HandlerExecutionChain found;
			try {
				found = this.fast.getHandler(ours);
			}
			catch (RuntimeException ex) {
				// an Accept that cannot be parsed: Spring MVC's answer (400) too
				assertThat(lookupHandlerOf(theirs)).as(accept).isNull();
				continue;
			}
			assertThat(found != null).as(accept).isEqualTo(lookupHandlerOf(theirs) != null);
			if (found != null) {
				matched.add(accept);
				assertThat(ours.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE)).as(accept)
					.isEqualTo(theirs.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE))
					.isNotNull();
			}
		}
		List<String> once = Arrays.asList(null, "*/*", "application/json", "application/*+json", "application/*",
				"text/html, application/json;q=0.1", "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2",
				"application/json;q=0");
		assertThat(matched).containsExactlyElementsOf(Stream.concat(once.stream(), once.stream()).toList());
	}

	/**
	 * Two {@code Accept} headers are read together, as Spring MVC reads them, whatever
	 * the mapping remembers of the first alone.
	 */
	@Test
	void readsEveryAcceptHeaderOfARequest() throws Exception {
		MockHttpServletRequest alone = request("GET", PartnerApi.RESIDENTS + "/3511014506900501");
		alone.addHeader(HttpHeaders.ACCEPT, "text/html");
		assertThat(this.fast.getHandler(alone)).isNull();
		MockHttpServletRequest both = request("GET", PartnerApi.RESIDENTS + "/3511014506900501");
		both.addHeader(HttpHeaders.ACCEPT, "text/html");
		both.addHeader(HttpHeaders.ACCEPT, "application/json");
		assertThat(this.fast.getHandler(both)).isNotNull();
		assertThat(lookupHandlerOf(both)).isNotNull();
	}

	@Test
	void aLookupIsAnsweredAndTimedUnderItsRoute() {
		String nik = "3511014506900777";
		this.replica.apply(List.of(TestPartners.resident(nik, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		assertThat(TestPartners.get(this.http, PartnerApi.RESIDENTS + "/" + nik, bank.key(), "kyc").getStatusCode())
			.isEqualTo(HttpStatus.OK);
		assertThat(this.meters.find("http.server.requests")
			.tag("uri", PartnerApi.RESIDENT)
			.tag("method", "GET")
			.tag("status", "200")
			.timer()).isNotNull();
		// no long-task timer of requests in progress (application.yml)
		assertThat(this.meters.find("http.server.requests.active").meters()).isEmpty();
	}

	/** minVersion is checked by hand now, not by {@code @Min(1)}: still described. */
	@Test
	void theApiDescriptionStillGivesMinVersionsMinimum() {
		JsonNode parameters = this.http.getForEntity("/v3/api-docs", JsonNode.class)
			.getBody()
			.path("paths")
			.path(PartnerApi.RESIDENT)
			.path("get")
			.path("parameters");
		JsonNode minVersion = null;
		for (JsonNode parameter : parameters) {
			if (parameter.path("name").asText().equals("minVersion")) {
				minVersion = parameter;
			}
		}
		assertThat(minVersion).isNotNull();
		assertThat(minVersion.path("required").asBoolean()).isFalse();
		assertThat(minVersion.path("schema").path("minimum").asInt()).isEqualTo(1);
		assertThat(minVersion.path("schema").path("type").asText()).isEqualTo("integer");
		assertThat(minVersion.path("schema").path("format").asText()).isEqualTo("int64");
	}

	/**
	 * The mapping carries no interceptors: Spring MVC's chain for a lookup must have none
	 * but the two Spring Boot adds everywhere, which a JSON answer does not use,
	 * {@link NamedContentType}, which guards reading a body, and a lookup reads none, and
	 * {@link StrictQueryParameters}, which leaves text parameters alone, and a lookup's
	 * one ({@code minVersion}) is text the lookup reads itself; the names it refuses (any
	 * but {@code minVersion}) {@link ResidentLookupAdapter} refuses itself
	 * ({@code ProblemDetailsIntegrationTests}).
	 */
	@Test
	void springMvcHasNoInterceptorForALookupThatTheMappingWouldSkip() throws Exception {
		HandlerExecutionChain theirs = this.spring
			.getHandler(request("GET", PartnerApi.RESIDENTS + "/3511014506900501"));
		assertThat(theirs.getInterceptorList())
			.allMatch((interceptor) -> interceptor instanceof ConversionServiceExposingInterceptor
					|| interceptor instanceof ResourceUrlProviderExposingInterceptor
					|| interceptor instanceof NamedContentType || interceptor instanceof StrictQueryParameters);
		assertThat(
				this.fast.getHandler(request("GET", PartnerApi.RESIDENTS + "/3511014506900501")).getInterceptorList())
			.isEmpty();
	}

	/** Spring MVC's handler for the request, if it is the lookup's. */
	private HandlerMethod lookupHandlerOf(MockHttpServletRequest request) {
		try {
			HandlerExecutionChain chain = this.spring.getHandler(request);
			if (chain != null && chain.getHandler() instanceof HandlerMethod method
					&& method.getBeanType().equals(ResidentLookupController.class)) {
				return method;
			}
		}
		catch (Exception ex) {
			// 405, 415 …: not a lookup
		}
		return null;
	}

	private static MockHttpServletRequest request(String method, String path) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		ServletRequestPathUtils.parseAndCache(request);
		return request;
	}

}
