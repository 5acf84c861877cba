package id.niksync.registry.access;

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
 * A flood of guessed names from one address is turned away before any password check: 429
 * and no audit row, while real accounts on the same address still sign in.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
@TestPropertySource(
		properties = { "niksync.access.refused-sign-in-burst=3", "niksync.access.refused-sign-in-refill=10m" })
class SignInThrottleIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Test
	void anAddressThatKeepsFailingWaitsWithoutCostingAPasswordCheckOrAnAuditRow() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.http.withBasicAuth("flood-" + i, "not-a-password-at-all")
				.getForEntity("/ops/outbox", JsonNode.class)
				.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		}

		ResponseEntity<JsonNode> flooded = this.http.withBasicAuth("flood-3", "not-a-password-at-all")
			.getForEntity("/ops/outbox", JsonNode.class);
		// Others on the same address (partner-sync's service account, operators behind
		// one proxy) still sign in.
		ResponseEntity<JsonNode> aRealAccount = this.http.withBasicAuth(TestAccounts.SERVICE, TestAccounts.PASSWORD)
			.getForEntity("/ops/outbox", JsonNode.class);

		assertThat(flooded.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(flooded.getBody().get("code").asText()).isEqualTo("RATE_LIMITED");
		assertThat(Long.parseLong(flooded.getHeaders().getFirst("Retry-After"))).isPositive();
		assertThat(aRealAccount.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.jdbc.sql("SELECT count(*) FROM sign_in_audit WHERE username LIKE 'flood-%'")
			.query(Long.class)
			.single()).isEqualTo(3);
		assertThat(this.jdbc
			.sql("SELECT failed_sign_ins FROM registry_account WHERE username = '" + TestAccounts.SUPERVISOR + "'")
			.query(Integer.class)
			.single()).isZero();
	}

}
