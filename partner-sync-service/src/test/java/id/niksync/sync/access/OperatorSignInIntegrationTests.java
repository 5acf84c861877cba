package id.niksync.sync.access;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators sign in; OPERATOR runs the sync, only ADMIN manages institutions. */
@SyncIntegrationTest
class OperatorSignInIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Test
	void refusesOpsRoutesWithoutSignInAsProblemDetails() {
		ResponseEntity<JsonNode> refused = this.http.getForEntity("/ops/sync-status", JsonNode.class);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
		assertThat(refused.getBody().get("code").asText()).isEqualTo("UNAUTHENTICATED");
	}

	@Test
	void refusesAWrongPassword() {
		ResponseEntity<JsonNode> refused = this.http.withBasicAuth(TestOperators.OPERATOR, "not-the-password")
			.getForEntity("/ops/sync-status", JsonNode.class);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("UNAUTHENTICATED");
	}

	@Test
	void anOperatorWithoutAdminCannotManageInstitutions() {
		ResponseEntity<JsonNode> create = TestOperators.asOperator(this.http)
			.postForEntity("/ops/institutions", Map.of("name", "Bank X", "type", "BANK", "requestsPerSecond", 5),
					JsonNode.class);
		ResponseEntity<JsonNode> list = TestOperators.asOperator(this.http)
			.getForEntity("/ops/institutions", JsonNode.class);

		assertThat(create.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(create.getBody().get("code").asText()).isEqualTo("FORBIDDEN");
		assertThat(list.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(this.jdbc.sql("SELECT count(*) FROM institution WHERE name = 'Bank X'").query(Long.class).single())
			.isZero();
	}

	@Test
	void anAdminIsAlsoAnOperator() {
		assertThat(TestOperators.asAdmin(this.http).getForEntity("/ops/sync-status", JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		assertThat(TestOperators.asAdmin(this.http).getForEntity("/ops/institutions", JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
	}

	@Test
	void storesOperatorPasswordsOnlyAsBcryptHashes() {
		String hash = this.jdbc.sql("SELECT password_hash FROM operator_account WHERE username = ?")
			.param(TestOperators.OPERATOR)
			.query(String.class)
			.single();

		assertThat(hash).startsWith("$2a$").doesNotContain(TestOperators.OPERATOR_PASSWORD);
	}

	@Test
	void leavesHealthAndTheOpenApiDescriptionOpen() {
		assertThat(this.http.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
		ResponseEntity<JsonNode> docs = this.http.getForEntity("/v3/api-docs", JsonNode.class);

		assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(docs.getBody().get("paths").fieldNames()).toIterable()
			.containsExactlyInAnyOrder("/partner/v1/residents/{nik}", "/partner/v1/verifications",
					"/partner/v1/verifications/batch", "/partner/v1/reonline-requests",
					"/partner/v1/reonline-requests/{id}", "/partner/v1/reonline-callback");
		assertThat(docs.getBody().at("/components/securitySchemes/apiKey/in").asText()).isEqualTo("header");
		assertThat(this.http.getForEntity("/swagger-ui/index.html", String.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
	}

	@Test
	void otherActuatorEndpointsNeedAnOperator() {
		assertThat(this.http.getForEntity("/actuator/metrics", String.class).getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(TestOperators.asOperator(this.http).getForEntity("/actuator/metrics", String.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
	}

}
