package id.niksync.registry.access;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.registry.TestAccounts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Behind a proxy trusted with {@code server.forward-headers-strategy}, the client address
 * is what the proxy forwarded, which Tomcat takes unchecked (here the test is the proxy:
 * 127.0.0.1 is one of Tomcat's internal proxies). A long one was too long for the audits'
 * columns: every audited action a 500 and the sign-in audit not written (review,
 * 2026-12-06). It is kept, cut to 100 characters.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
@TestPropertySource(properties = "server.forward-headers-strategy=native")
class ForwardedClientAddressIntegrationTests {

	private static final String FORWARDED = "2001:db8::1%" + "x".repeat(140);

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aLongForwardedAddressIsAuditedCutNotAFailure() {
		ResponseEntity<JsonNode> created = this.http.exchange("/api/v1/accounts", HttpMethod.POST,
				new HttpEntity<>(
						Map.of("username", "joko.forwarded", "password", "Lumbung-padi-Bondowoso-77", "roles",
								List.of("MONITOR"), "reason", "behind a proxy"),
						headers(TestAccounts.ADMIN, TestAccounts.PASSWORD)),
				JsonNode.class);
		ResponseEntity<JsonNode> refused = this.http.exchange("/api/v1/accounts", HttpMethod.GET,
				new HttpEntity<>(headers("nobody.forwarded", "not-the-password-at-all")), JsonNode.class);

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		String cut = FORWARDED.substring(0, 100);
		assertThat(this.jdbc.sql("SELECT client_address FROM registry_audit WHERE target = 'joko.forwarded'")
			.query(String.class)
			.single()).isEqualTo(cut);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					this.jdbc.sql("SELECT client_address FROM sign_in_audit WHERE username = ? AND outcome = 'FAILURE'")
						.param("nobody.forwarded")
						.query(String.class)
						.list())
				.contains(cut));
	}

	private static HttpHeaders headers(String username, String password) {
		HttpHeaders headers = new HttpHeaders();
		headers.setBasicAuth(username, password);
		headers.set("X-Forwarded-For", FORWARDED);
		return headers;
	}

}
