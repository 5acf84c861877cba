package id.niksync.schemas.registry;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The example documents are exactly the contract types: each reads into its record with
 * nothing left over and writes back as the same document, configured as both services'
 * JSON is (ISO-8601 instants, {@code null} fields left out).
 */
class RegistryContractTests {

	private final ObjectMapper services = JsonMapper.builder()
		.addModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.serializationInclusion(JsonInclude.Include.NON_NULL)
		.build();

	@ParameterizedTest
	@EnumSource(RegistryExample.class)
	void everyExampleIsExactlyADocumentOfItsType(RegistryExample example) throws Exception {
		Object value = this.services.readValue(example.text(), example.type());

		JsonNode written = this.services.readTree(this.services.writeValueAsString(value));

		assertThat(written).isEqualTo(example.json());
	}

	@Test
	void examplesHoldTheValuesTheContractTestsAssert() throws Exception {
		assertThat(this.services.readValue(RegistryExample.OPS_OUTBOX.text(), OutboxStatus.class))
			.isEqualTo(new OutboxStatus(7, false, Instant.parse("2026-01-01T00:00:00Z"), 1.5, 42L, 1000));
		assertThat(this.services.readValue(RegistryExample.REPUBLISH_STARTED.text(), RepublishStarted.class))
			.isEqualTo(new RepublishStarted(UUID.fromString("0b5c1f0e-8a52-4d4f-9a53-3c1f2e6d7a90")));
		assertThat(this.services.readValue(RegistryExample.REONLINE_FOR_INSTITUTION.text(), ReonlineRequest.class))
			.isEqualTo(ReonlineRequest.onBehalfOf("Bank Demo (institution 1)", "account opening", "3511010101100001",
					"partner re-online request 4f1c2b7e-9d3a-4c5e-8b6f-0a1d2e3f4a5b"));
		assertThat(this.services.readValue(RegistryExample.REONLINE_ACCEPTED.text(), ReonlineAccepted.class))
			.isEqualTo(new ReonlineAccepted(4242, 3));
		assertThat(this.services.readValue(RegistryExample.DIGESTS_OF_NIKS.text(), RegionDigest.class).buckets())
			.first()
			.isEqualTo(new RegionDigest.Bucket("3511014506900001", 1, "5be0d1c2a3f40718", 2L));
	}

	@Test
	void aRenamedFieldIsNamedTwice() {
		String renamed = RegistryExample.OPS_OUTBOX.text().replace("\"pending\"", "\"pendingRows\"");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> RegistryExample.OPS_OUTBOX.assertSameShape(renamed))
			.withMessageContaining("$.pending: missing")
			.withMessageContaining("$.pendingRows: not in the contract");
	}

	@Test
	void anIntegerIsNotADecimalAndEveryArrayElementCounts() {
		JsonNode digests = RegistryExample.DIGESTS_OF_NIKS.json();
		ObjectNode second = (ObjectNode) digests.get("buckets").get(1);
		second.put("count", 1.0);
		second.remove("version");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> RegistryExample.DIGESTS_OF_NIKS.assertSameShape(digests))
			.withMessageContaining("$.buckets[1].count: a decimal, the contract has an integer")
			.withMessageContaining("$.buckets[1].version: missing");
	}

	@Test
	void regionLevelBucketsHaveNoVersion() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(
					() -> RegistryExample.DIGESTS_OF_REGIONS.assertSameShape(RegistryExample.DIGESTS_OF_NIKS.json()))
			.withMessageContaining("$.buckets[0].version: not in the contract");
	}

}
