package id.niksync.registry.access;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.registry.TestAccounts;
import id.niksync.testsupport.AccessTable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's table of who may call what on the registry is the truth: every route the
 * service has is in it, every row is a route, and each row answers every role as the
 * table says.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class AccessMatrixIntegrationTests {

	private static final Map<String, String> ACCOUNTS = Map.of("REGISTRAR", TestAccounts.REGISTRAR, "SUPERVISOR",
			TestAccounts.SUPERVISOR, "ADMIN", TestAccounts.ADMIN, "SERVICE", TestAccounts.SERVICE, "MONITOR",
			TestAccounts.MONITOR);

	@Autowired
	TestRestTemplate http;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void theTableListsEveryRouteAndNothingElse() {
		assertThat(AccessTable.controllerRoutes("registry")).isEqualTo(AccessTable.routesOf(this.mappings));
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

	/**
	 * Two Authorization headers are two callers: neither is signed in, whichever comes
	 * first (HTTP Basic by itself signs in the first), and neither password is checked.
	 */
	@Test
	void twoAuthorizationHeadersAreRefusedWhicheverComesFirst() {
		String supervisor = basic(TestAccounts.SUPERVISOR, TestAccounts.PASSWORD);
		String registrar = basic(TestAccounts.REGISTRAR, TestAccounts.PASSWORD);
		String wrong = basic(TestAccounts.REGISTRAR, "not-the-password");
		for (String[] credentials : new String[][] { { supervisor, registrar }, { registrar, supervisor },
				{ supervisor, supervisor }, { supervisor, wrong }, { wrong, supervisor } }) {
			HttpHeaders headers = new HttpHeaders();
			headers.add(HttpHeaders.AUTHORIZATION, credentials[0]);
			headers.add(HttpHeaders.AUTHORIZATION, credentials[1]);
			ResponseEntity<JsonNode> refused = this.http.exchange("/api/v1/residents/3511014506900001", HttpMethod.GET,
					new HttpEntity<>(headers), JsonNode.class);
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("UNAUTHENTICATED");
		}
		// one header still signs in
		assertThat(this.http.withBasicAuth(TestAccounts.SUPERVISOR, TestAccounts.PASSWORD)
			.getForEntity("/api/v1/residents/3511014506900001", JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	private static String basic(String username, String password) {
		return "Basic " + HttpHeaders.encodeBasicAuth(username, password, StandardCharsets.UTF_8);
	}

	@Test
	void everyRouteAnswersEveryRoleAsTheTableSays() {
		List<String> wrong = new ArrayList<>();
		AccessTable.of("registry").forEach((route, who) -> {
			String[] parts = route.split(" ", 2);
			HttpMethod method = HttpMethod.valueOf(parts[0]);
			String path = parts[1].replace("{nik}", "3511014506900001")
				.replace("{jobId}", "0b5a4a26-3c3f-4c53-9d8e-4f1f1c1d7c2a")
				.replace("{username}", "nobody-here");
			HttpStatus anonymous = call(TestAccounts.anonymous(this.http), method, path);
			boolean open = who.contains("anyone");
			if (open ? anonymous.value() == 401 || anonymous.value() == 403 : anonymous != HttpStatus.UNAUTHORIZED) {
				wrong.add(route + " anonymous: " + anonymous);
			}
			ACCOUNTS.forEach((role, account) -> {
				HttpStatus status = call(this.http.withBasicAuth(account, TestAccounts.PASSWORD), method, path);
				boolean allowed = open || who.contains(role);
				boolean refused = status == HttpStatus.FORBIDDEN || status == HttpStatus.UNAUTHORIZED;
				if (allowed == refused) {
					wrong.add(route + " " + role + ": " + status);
				}
			});
		});
		assertThat(wrong).isEmpty();
	}

	@Test
	void anonymousHealthSaysOnlyUpAndMetricsNeedACredential() {
		ResponseEntity<JsonNode> health = TestAccounts.anonymous(this.http)
			.getForEntity("/actuator/health", JsonNode.class);
		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody().has("components")).isFalse();
		assertThat(health.getBody().has("details")).isFalse();

		ResponseEntity<JsonNode> detailed = this.http.withBasicAuth(TestAccounts.MONITOR, TestAccounts.PASSWORD)
			.getForEntity("/actuator/health", JsonNode.class);
		assertThat(detailed.getBody().has("components")).isTrue();

		ResponseEntity<String> scrape = TestAccounts.anonymous(this.http)
			.getForEntity("/actuator/prometheus", String.class);
		assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(scrape.getBody()).doesNotContain("jvm_");
	}

	@Test
	void aStateChangeFromAnotherSitesPageIsRefused() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set("Origin", "http://evil.example");
		ResponseEntity<JsonNode> refused = this.http.exchange("/api/v1/residents/3511014506900001/status",
				HttpMethod.POST, new HttpEntity<>("{\"status\":\"DECEASED\",\"reason\":\"x\"}", headers),
				JsonNode.class);
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("CROSS_SITE_REQUEST");

		headers.set("Origin", this.http.getRootUri());
		ResponseEntity<JsonNode> sameOrigin = this.http.exchange("/api/v1/residents/3511014506900001/status",
				HttpMethod.POST, new HttpEntity<>("{}", headers), JsonNode.class);
		assertThat(sameOrigin.getStatusCode()).isNotEqualTo(HttpStatus.FORBIDDEN);
	}

	private static HttpStatus call(TestRestTemplate http, HttpMethod method, String path) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		Object body = (method == HttpMethod.GET) ? null : "{}";
		return HttpStatus.valueOf(
				http.exchange(path, method, new HttpEntity<>(body, headers), String.class).getStatusCode().value());
	}

}
