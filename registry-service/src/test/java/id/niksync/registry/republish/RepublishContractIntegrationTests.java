package id.niksync.registry.republish;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.registry.TestAccounts;
import id.niksync.schemas.registry.RegistryApi;
import id.niksync.schemas.registry.RegistryExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's side of the HTTP contract with partner-sync: the shared example requests
 * are accepted as they are (the registry refuses unknown fields), every field reaches the
 * job, and the {@code 202} answer has the shape of the shared example. partner-sync's
 * {@code RegistryClientTests} sends and reads the same examples. The examples' NIKs and
 * region are registered by no test, so the jobs change nothing other tests see.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class RepublishContractIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@ParameterizedTest
	@EnumSource(value = RegistryExample.class, names = { "REPUBLISH_NIKS", "REPUBLISH_REGION" })
	void acceptsTheContractsRequestAndAnswersInItsShape(RegistryExample request) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);

		ResponseEntity<String> started = this.http.withBasicAuth(TestAccounts.SERVICE, TestAccounts.PASSWORD)
			.postForEntity(RegistryApi.REPUBLISH, new HttpEntity<>(request.text(), headers), String.class);

		assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		RegistryExample.REPUBLISH_STARTED.assertSameShape(started.getBody());
		JsonNode job = this.http.getForObject(started.getHeaders().getLocation(), JsonNode.class);
		JsonNode sent = request.json();
		assertThat(job.get("requestedBy").asText()).isEqualTo(TestAccounts.SERVICE);
		assertThat(job.get("reason").asText()).isEqualTo(sent.get("reason").asText());
		if (sent.has("niks")) {
			assertThat(job.get("kind").asText()).isEqualTo("NIKS");
			assertThat(job.get("nikCount").asInt()).isEqualTo(sent.get("niks").size());
		}
		else {
			assertThat(job.get("kind").asText()).isEqualTo("REGION");
			assertThat(job.get("regionPrefix").asText()).isEqualTo(sent.get("regionPrefix").asText());
		}
	}

	/**
	 * The example's NIK is registered by no test: the registry answers it as a wrong
	 * family card, after reading every field (an unknown one would be a 400).
	 */
	@Test
	void acceptsTheContractsReonlineForAnInstitution() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);

		ResponseEntity<JsonNode> refused = this.http.withBasicAuth(TestAccounts.SERVICE, TestAccounts.PASSWORD)
			.postForEntity(RegistryApi.REONLINE,
					new HttpEntity<>(RegistryExample.REONLINE_FOR_INSTITUTION.text(), headers), JsonNode.class,
					"3511014506990001");

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
		assertThat(refused.getBody().get("code").asText()).isEqualTo(RegistryApi.KK_MISMATCH_OR_UNKNOWN);
	}

}
