package id.niksync.sync.ops;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import id.niksync.sync.replica.ReplicaWriter;
import id.niksync.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

@SyncIntegrationTest
class SyncStateApiIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Autowired
	ReplicaWriter replica;

	@Value("${spring.datasource.url}")
	String url;

	private TestRestTemplate ops() {
		return TestOperators.asOperator(this.http);
	}

	@Test
	void saysANikIsNotOnTheReplica() {
		JsonNode state = ops().getForObject("/ops/residents/3511014506909998/sync-state", JsonNode.class);

		assertThat(state.get("state").asText()).isEqualTo("NOT_ON_REPLICA");
		assertThat(state.get("onReplica").asBoolean()).isFalse();
	}

	/**
	 * A lock held on the replica (an {@code ALTER TABLE}, a {@code VACUUM FULL}) does not
	 * hold the operator's request, its thread and a connection until it goes: the read is
	 * cancelled after its timeout and the operator is told to try again.
	 */
	@Test
	void aReadStuckBehindALockOnTheReplicaIsCancelledAnd503() throws Exception {
		String nik = "3511014506900905";
		this.replica.apply(List.of(TestPartners.resident(nik, 1, "ACTIVE")));
		String route = "/ops/residents/" + nik + "/sync-state";

		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url); Statement sql = owner.createStatement()) {
			owner.setAutoCommit(false);
			sql.execute("LOCK TABLE replica_resident IN ACCESS EXCLUSIVE MODE");
			// held far longer than the read may wait: without the timeout the request
			// waits for the lock, and the future below does not complete
			ResponseEntity<JsonNode> refused = CompletableFuture
				.supplyAsync(() -> ops().getForEntity(route, JsonNode.class))
				.get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
			owner.rollback();

			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(refused.getBody().path("code").asText()).isEqualTo("REPLICA_READ_TIMED_OUT");
			assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
		}

		JsonNode state = ops().getForObject(route, JsonNode.class);
		assertThat(state.get("state").asText()).isEqualTo("ONLINE");
	}

	@Test
	void refusesAMalformedNikWithItsViolationCodes() {
		ResponseEntity<JsonNode> refused = ops().getForEntity("/ops/residents/3511014500900000/sync-state",
				JsonNode.class);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		assertThat(refused.getBody().get("violations").findValuesAsText("code")).contains("NIK_BIRTHDATE_INVALID",
				"NIK_SERIAL_ZERO");
	}

}
