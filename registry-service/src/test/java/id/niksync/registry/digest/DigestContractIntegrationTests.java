package id.niksync.registry.digest;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.testsupport.Residents;
import id.niksync.schemas.registry.RegistryApi;
import id.niksync.schemas.registry.RegistryExample;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's side of the HTTP contract with partner-sync: {@code /internal/digests}
 * answers in the shape of the shared examples, above the NIK level (no versions) and at
 * it. partner-sync's {@code RegistryClientTests} reads the same examples.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class DigestContractIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Test
	void answersInTheContractsShapeAboveAndAtTheNikLevel() {
		assertThat(
				this.http.postForEntity("/api/v1/residents", Residents.siti("3511014506900501").toMap(), JsonNode.class)
					.getStatusCode())
			.isEqualTo(HttpStatus.CREATED);

		String regencies = digests("35");
		String niks = digests("351101");

		RegistryExample.DIGESTS_OF_REGIONS.assertSameShape(regencies);
		RegistryExample.DIGESTS_OF_NIKS.assertSameShape(niks);
	}

	private String digests(String prefix) {
		String body = this.http.getForObject(RegistryApi.DIGESTS + "?prefix={prefix}", String.class, prefix);
		// an empty list would leave the buckets' shape unchecked
		assertThat(body).contains("\"bucket\"");
		return body;
	}

}
