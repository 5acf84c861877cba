package id.niksync.sync.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import id.niksync.testsupport.AccessTable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's table of who may call what on partner-sync is the truth: every route the
 * service has is in it, every row is a route, and each row answers every kind of caller
 * as the table says.
 */
@SyncIntegrationTest
@AutoConfigureObservability
// As ActuatorAccessIntegrationTests, so they share one context.
@TestPropertySource(properties = "niksync.registry.base-url=http://127.0.0.1:9")
class AccessMatrixIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void theTableListsEveryRouteAndNothingElse() {
		assertThat(AccessTable.controllerRoutes("partner-sync")).isEqualTo(AccessTable.routesOf(this.mappings));
	}

	/**
	 * Each REST route says what it produces (JSON unless it declares otherwise,
	 * {@code JsonRouteMappings}), so an {@code Accept} it cannot answer is refused before
	 * its handler runs; not the error page, which answers any failure whatever the
	 * {@code Accept}.
	 */
	@Test
	void everyRestRouteSaysWhatItProduces() {
		AccessTable.assertEveryRestRouteSaysWhatItProduces(this.mappings);
	}

	@Test
	void everyRouteAnswersEveryCallerAsTheTableSays() {
		String key = TestPartners.register(this.http, "BANK", 1000, List.of("REONLINE")).key();
		Map<String, Function<HttpHeaders, TestRestTemplate>> callers = new LinkedHashMap<>();
		callers.put("PARTNER", (headers) -> {
			headers.set(HttpHeaders.AUTHORIZATION, "ApiKey " + key);
			return this.http;
		});
		callers.put("OPERATOR", (headers) -> TestOperators.asOperator(this.http));
		callers.put("ADMIN", (headers) -> TestOperators.asAdmin(this.http));
		List<String> wrong = new ArrayList<>();
		AccessTable.of("partner-sync").forEach((route, who) -> {
			String[] parts = route.split(" ", 2);
			HttpMethod method = HttpMethod.valueOf(parts[0]);
			String path = parts[1].replace("{nik}", "3511014506900001")
				.replace("{id}", "987654")
				.replace("{keyId}", "nokey0000000")
				.replace("{username}", "nobody-here");
			boolean open = who.contains("anyone");
			HttpStatus anonymous = call(this.http, new HttpHeaders(), method, path);
			boolean anonymousRefused = anonymous == HttpStatus.UNAUTHORIZED || anonymous == HttpStatus.FORBIDDEN
					|| anonymous == HttpStatus.TOO_MANY_REQUESTS;
			if (open == anonymousRefused) {
				wrong.add(route + " anonymous: " + anonymous);
			}
			callers.forEach((role, signIn) -> {
				HttpHeaders headers = new HttpHeaders();
				HttpStatus status = call(signIn.apply(headers), headers, method, path);
				boolean refused = status == HttpStatus.UNAUTHORIZED || status == HttpStatus.FORBIDDEN;
				if ((open || who.contains(role)) == refused) {
					wrong.add(route + " " + role + ": " + status);
				}
			});
		});
		assertThat(wrong).isEmpty();
	}

	private static HttpStatus call(TestRestTemplate http, HttpHeaders headers, HttpMethod method, String path) {
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set("X-Purpose", "access matrix test");
		Object body = (method == HttpMethod.GET) ? null : "{}";
		return HttpStatus.valueOf(
				http.exchange(path, method, new HttpEntity<>(body, headers), String.class).getStatusCode().value());
	}

}
