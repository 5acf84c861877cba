package id.niksync.registry.digest;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.testsupport.Residents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class DigestIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Test
	void digestsEachChildBucketAndChangesWhenAVersionChanges() {
		for (String nik : new String[] { "3511014506900401", "3511014506900402", "3511014506900403" }) {
			this.http.postForEntity("/api/v1/residents", Residents.siti(nik).toMap(), JsonNode.class);
		}

		JsonNode district = this.http.getForObject("/internal/digests?prefix=351101", JsonNode.class);
		assertThat(district.get("childLength").asInt()).isEqualTo(16);
		assertThat(district.get("buckets").findValuesAsText("bucket")).contains("3511014506900401", "3511014506900402",
				"3511014506900403");

		String before = bucket("35", "3511").get("hash").asText();
		long count = bucket("35", "3511").get("count").asLong();
		assertThat(count).isGreaterThanOrEqualTo(3);
		assertThat(bucket("", "35").get("count").asLong()).isEqualTo(count);

		Map<String, Object> changed = Residents.siti("3511014506900402").toMap();
		changed.put("occupation", "Bidan");
		this.http.exchange("/api/v1/residents/3511014506900402", HttpMethod.PUT, new HttpEntity<>(changed),
				JsonNode.class);

		assertThat(bucket("35", "3511").get("hash").asText()).isNotEqualTo(before);
		assertThat(bucket("35", "3511").get("count").asLong()).isEqualTo(count);
	}

	@Test
	void refusesAPrefixThatIsNotARegionLevel() {
		var refused = this.http.getForEntity("/internal/digests?prefix=351", JsonNode.class);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("PREFIX_INVALID");
	}

	private JsonNode bucket(String prefix, String bucket) {
		for (JsonNode node : this.http.getForObject("/internal/digests?prefix=" + prefix, JsonNode.class)
			.get("buckets")) {
			if (node.get("bucket").asText().equals(bucket)) {
				return node;
			}
		}
		throw new AssertionError("no bucket " + bucket);
	}

}
