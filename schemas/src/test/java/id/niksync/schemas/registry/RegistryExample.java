package id.niksync.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The example documents of the registry's HTTP contract, kept once in
 * {@code contract/registry/} and shared through this module's test jar: registry-service
 * proves its controllers answer in their shape, partner-sync proves its client reads and
 * sends them. Each example has every field of its type, so a field renamed or added on
 * either side breaks that side's test.
 */
public enum RegistryExample {

	/** {@code GET /ops/outbox} with rows pending and published. */
	OPS_OUTBOX("ops-outbox.json", OutboxStatus.class),

	/** {@code GET /internal/digests?prefix=35}: regencies. */
	DIGESTS_OF_REGIONS("internal-digests-regions.json", RegionDigest.class),

	/** {@code GET /internal/digests?prefix=351101}: NIKs, with their versions. */
	DIGESTS_OF_NIKS("internal-digests-niks.json", RegionDigest.class),

	/** {@code POST /api/v1/republish} for a list of NIKs, as reconciliation sends it. */
	REPUBLISH_NIKS("republish-niks.json", RepublishRequest.class),

	/** {@code POST /api/v1/republish} for a region that has no residents. */
	REPUBLISH_REGION("republish-region.json", RepublishRequest.class),

	/** The {@code 202} answer to a republish request. */
	REPUBLISH_STARTED("republish-started.json", RepublishStarted.class),

	/**
	 * {@code POST /api/v1/residents/{nik}/republish} as partner-sync sends it for a
	 * partner institution.
	 */
	REONLINE_FOR_INSTITUTION("reonline-for-institution.json", ReonlineRequest.class),

	/** The {@code 202} answer to a re-online. */
	REONLINE_ACCEPTED("reonline-accepted.json", ReonlineAccepted.class);

	private static final ObjectMapper TREES = new ObjectMapper();

	private final String file;

	private final Class<?> type;

	RegistryExample(String file, Class<?> type) {
		this.file = file;
		this.type = type;
	}

	/** The contract type the example is a document of. */
	public Class<?> type() {
		return this.type;
	}

	public String text() {
		try (InputStream in = RegistryExample.class.getResourceAsStream("/contract/registry/" + this.file)) {
			if (in == null) {
				throw new IllegalStateException("No example contract/registry/" + this.file + " on the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public JsonNode json() {
		return parse(text());
	}

	/**
	 * Fails unless {@code actual} has exactly the example's fields, at every level, with
	 * the same JSON types (string, integer, decimal, boolean, array, object); every
	 * element of an array must have the shape of the example's first one.
	 */
	public void assertSameShape(String actual) {
		assertSameShape(parse(actual));
	}

	/** As {@link #assertSameShape(String)}. */
	public void assertSameShape(JsonNode actual) {
		List<String> differences = JsonShape.differences(json(), actual);
		if (!differences.isEmpty()) {
			throw new AssertionError("Not in the shape of contract/registry/" + this.file + ":\n  "
					+ String.join("\n  ", differences) + "\nactual: " + actual);
		}
	}

	private static JsonNode parse(String json) {
		try {
			return TREES.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Not JSON: " + json, ex);
		}
	}

}
