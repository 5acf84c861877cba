package id.niksync.registry.access;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.registry.TestAccounts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Made-up credentials sent at once (each from an address still under its own limit of
 * refused sign-ins) get one password check at a time: the rest are answered 503
 * {@code SIGN_IN_BUSY} unchecked and unaudited, while a client whose password is
 * remembered is answered as ever.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
@TestPropertySource(properties = { "niksync.access.password-checks-at-once=1", "niksync.access.password-check-wait=0s",
		// A check of ~100 ms or more, as production's cost 10 on these machines
		"niksync.access.password-strength=12" })
class PasswordChecksIntegrationTests {

	private static final int AT_ONCE = 12;

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Test
	void signInsBeyondTheChecksRunningAreTurnedAwayUncheckedWhileRememberedClientsGoOn() throws Exception {
		TestRestTemplate registrar = this.http.withBasicAuth(TestAccounts.REGISTRAR, TestAccounts.PASSWORD);
		assertThat(registrar.getForEntity("/api/v1/residents/3511014506900001", JsonNode.class).getStatusCode())
			.as("signed in once, so remembered")
			.isIn(HttpStatus.OK, HttpStatus.NOT_FOUND);

		ExecutorService threads = Executors.newFixedThreadPool(AT_ONCE + 1);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<ResponseEntity<JsonNode>>> flood = new ArrayList<>();
			for (int i = 0; i < AT_ONCE; i++) {
				String name = "made-up-" + i;
				flood.add(threads.submit(() -> {
					start.await();
					return this.http.withBasicAuth(name, "not-a-password-at-all")
						.getForEntity("/ops/outbox", JsonNode.class);
				}));
			}
			Future<ResponseEntity<JsonNode>> remembered = threads.submit(() -> {
				start.await();
				return registrar.getForEntity("/api/v1/residents/3511014506900001", JsonNode.class);
			});
			start.countDown();

			int refused = 0;
			int busy = 0;
			for (Future<ResponseEntity<JsonNode>> answer : flood) {
				ResponseEntity<JsonNode> response = answer.get(60, TimeUnit.SECONDS);
				if (response.getStatusCode() == HttpStatus.SERVICE_UNAVAILABLE) {
					assertThat(response.getBody().get("code").asText()).isEqualTo("SIGN_IN_BUSY");
					assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
					assertThat(response.getHeaders().getFirst("WWW-Authenticate")).isNull();
					busy++;
				}
				else {
					assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
					refused++;
				}
			}
			assertThat(busy).as("turned away while another was checked").isPositive();
			assertThat(refused).as("checked and refused").isPositive();
			assertThat(this.jdbc.sql("SELECT count(*) FROM sign_in_audit WHERE username LIKE 'made-up-%'")
				.query(Long.class)
				.single()).as("an audit row for each check, none for those turned away").isEqualTo(refused);
			assertThat(remembered.get(60, TimeUnit.SECONDS).getStatusCode()).isIn(HttpStatus.OK, HttpStatus.NOT_FOUND);
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** PostgreSQL refused the account read and the request was answered 500. */
	@Test
	void aNameWithANulCharacterIsRefusedAndAuditedLikeAnyUnknownName() {
		ResponseEntity<JsonNode> refused = this.http.withBasicAuth("nul\u0000name", "not-a-password-at-all")
			.getForEntity("/ops/outbox", JsonNode.class);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("UNAUTHENTICATED");
		assertThat(this.jdbc.sql("SELECT count(*) FROM sign_in_audit WHERE username = ?")
			.param("nul\uFFFDname")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

}
