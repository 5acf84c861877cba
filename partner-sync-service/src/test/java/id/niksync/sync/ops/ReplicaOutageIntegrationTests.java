package id.niksync.sync.ops;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.RegistryStub;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import id.niksync.testsupport.DatabaseLink;
import id.niksync.testsupport.SeverableEmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operators can look during the very outage they need to see: with the replica database
 * refusing every connection, operators still sign in (from accounts read before), the
 * sync status answers with the verdict ERROR and why, the replica breaker opens without a
 * single record flowing, and all of it is back to normal seconds after the database is.
 * Sign-ins refused meanwhile are audited once the database is back.
 */
@SyncIntegrationTest
// A context of its own: closed when the class ends, not kept (with its broker,
// consumers and schedules running) until the whole suite ends.
@DirtiesContext
@ContextConfiguration(initializers = SeverableEmbeddedPostgres.class)
@TestPropertySource(
		properties = { "niksync.lag.sample-interval=300ms", "niksync.access.remembered-accounts-refresh=500ms" })
class ReplicaOutageIntegrationTests {

	private static final RegistryStub registry = RegistryStub.start();

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DatabaseLink database;

	@DynamicPropertySource
	static void registry(DynamicPropertyRegistry properties) {
		properties.add("niksync.registry.base-url", registry::baseUrl);
	}

	@AfterAll
	static void stopRegistry() {
		registry.close();
	}

	@Test
	void operatorsSignInAndSeeTheOutageWhileTheReplicaDatabaseIsAway() throws Exception {
		await().atMost(Duration.ofSeconds(20)).until(() -> "OK".equals(status().at("/verdict/status").asText()));
		String guesser = "outage-guesser-" + System.nanoTime();

		long away = System.nanoTime();
		this.database.cut();
		try {
			await().atMost(Duration.ofSeconds(15)).until(() -> "ERROR".equals(status().at("/verdict/status").asText()));
			System.out.printf("verdict ERROR %.1f s after the database went away%n", seconds(away));
			JsonNode status = status();
			assertThat(status.at("/verdict/reason").asText()).contains("Replica database unreachable");
			assertThat(status.at("/replicaDatabase/reachable").asBoolean()).isFalse();
			assertThat(status.at("/replicaDatabase/error").asText()).isNotBlank();
			// open for wait-duration-in-open-state (5 s), then half-open while a probe
			// waits for a connection (3 s), and open again when it fails
			await().atMost(Duration.ofSeconds(20))
				.until(() -> "OPEN".equals(status().at("/consumer/circuit").asText()));
			System.out.printf("breaker OPEN %.1f s after the database went away%n", seconds(away));

			ResponseEntity<JsonNode> wrong = this.http.withBasicAuth(guesser, "not-the-password")
				.getForEntity("/ops/sync-status", JsonNode.class);
			assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(wrong.getBody().get("code").asText()).isEqualTo("UNAUTHENTICATED");
			// an operator still signs in, over and over (the dashboard polls)
			for (int i = 0; i < 3; i++) {
				assertThat(TestOperators.asOperator(this.http)
					.getForEntity("/ops/sync-status", JsonNode.class)
					.getStatusCode()).isEqualTo(HttpStatus.OK);
			}
		}
		finally {
			this.database.restore();
		}
		long back = System.nanoTime();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> status().at("/replicaDatabase/reachable").asBoolean()
					&& "CLOSED".equals(status().at("/consumer/circuit").asText())
					&& "OK".equals(status().at("/verdict/status").asText()));
		System.out.printf("breaker CLOSED and verdict OK %.1f s after the database came back%n", seconds(back));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM sign_in_audit WHERE username = ? AND outcome = 'FAILURE'")
				.param(guesser)
				.query(Long.class)
				.single() == 1);
	}

	/**
	 * A hung database (a paused server, a dropped network) accepts connections and never
	 * answers. The breaker opens from the probes; meanwhile whatever needs the database
	 * is answered 503 at once instead of holding a server thread, the sync status answers
	 * with one consistent picture, and a caller without credentials still learns only
	 * 401.
	 */
	@Test
	void routesThatNeedAHungDatabaseAnswer503AtOnceAndTheStatusAgreesWithItself() throws Exception {
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 100);
		await().atMost(Duration.ofSeconds(20)).until(() -> "OK".equals(status().at("/verdict/status").asText()));

		this.database.hang();
		try {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> "OPEN".equals(status().at("/consumer/circuit").asText()));
			// one picture: the verdict is ERROR and says the breaker is open, as the
			// consumer does
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				JsonNode status = status();
				if ("OPEN".equals(status.at("/consumer/circuit").asText())) {
					assertThat(status.at("/verdict/status").asText()).isEqualTo("ERROR");
					assertThat(status.at("/verdict/reason").asText()).doesNotContain("not open yet");
				}
			});

			ResponseEntity<JsonNode> rebuild = TestOperators.asOperator(this.http)
				.postForEntity("/ops/replica/rebuilds", Map.of("reason", "replica looks empty"), JsonNode.class);
			assertUnavailable(rebuild);
			assertUnavailable(TestOperators.asOperator(this.http).getForEntity("/ops/dead-letters", JsonNode.class));
			assertUnavailable(TestPartners.get(this.http, "/partner/v1/residents/3511014506900001", bank.key(),
					"account opening"));
			// health says DOWN without waiting for the database
			assertThat(this.http.getForEntity("/actuator/health", String.class).getStatusCode())
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			// the refusal comes after authentication: no credentials is still 401
			assertThat(this.http.getForEntity("/ops/dead-letters", JsonNode.class).getStatusCode())
				.isEqualTo(HttpStatus.UNAUTHORIZED);
		}
		finally {
			this.database.resume();
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "CLOSED".equals(status().at("/consumer/circuit").asText())
					&& "OK".equals(status().at("/verdict/status").asText()));
		assertThat(
				TestOperators.asOperator(this.http).getForEntity("/ops/dead-letters", JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
	}

	private static void assertUnavailable(ResponseEntity<JsonNode> answer) {
		assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.getBody().get("code").asText()).isEqualTo("DATABASE_UNAVAILABLE");
		assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
	}

	private JsonNode status() {
		ResponseEntity<JsonNode> answer = TestOperators.asOperator(this.http)
			.getForEntity("/ops/sync-status", JsonNode.class);
		assertThat(answer.getStatusCode()).as("sync status: %s", answer.getBody()).isEqualTo(HttpStatus.OK);
		return answer.getBody();
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

}
