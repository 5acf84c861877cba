package id.niksync.sync.ops;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

@SyncIntegrationTest
class SyncStateApiIntegrationTests {

	@Autowired
	TestRestTemplate http;

	private TestRestTemplate ops() {
		return TestOperators.asOperator(this.http);
	}

	@Test
	void saysANikIsNotOnTheReplica() {
		JsonNode state = ops().getForObject("/ops/residents/3511014506909998/sync-state", JsonNode.class);

		assertThat(state.get("state").asText()).isEqualTo("NOT_ON_REPLICA");
		assertThat(state.get("onReplica").asBoolean()).isFalse();
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
