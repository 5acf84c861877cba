package id.niksync.schemas;

import java.util.List;

import id.niksync.schemas.avro.NikChanged;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaCompatibilityTests {

	@Test
	void everyVersionIsCompatibleBothWaysWithEveryEarlierOne() {
		List<Schema> versions = PublishedSchemas.all();
		for (int newer = 1; newer < versions.size(); newer++) {
			for (int older = 0; older < newer; older++) {
				assertCompatible("v" + (newer + 1) + " reading v" + (older + 1), versions.get(newer),
						versions.get(older));
				assertCompatible("v" + (older + 1) + " reading v" + (newer + 1), versions.get(older),
						versions.get(newer));
			}
		}
	}

	@Test
	void generatedClassesAreTheLatestPublishedVersion() {
		// Parsing canonical form: the generator adds Java-only properties such as
		// avro.java.string.
		assertThat(SchemaNormalization.parsingFingerprint64(NikChanged.getClassSchema()))
			.isEqualTo(SchemaNormalization.parsingFingerprint64(PublishedSchemas.latest()));
	}

	@Test
	void publishedVersionsAreDistinct() {
		assertThat(PublishedSchemas.all()).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
	}

	@Test
	void detectsAnIncompatibleChange() {
		// Guards the check itself: a required field added without a default must be
		// reported.
		Schema withRequiredField = new Schema.Parser().parse(PublishedSchemas.latest()
			.toString()
			.replace("\"fields\":[{\"name\":\"eventId\"",
					"\"fields\":[{\"name\":\"added\",\"type\":\"string\"},{\"name\":\"eventId\""));
		assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withRequiredField, PublishedSchemas.latest())
			.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
	}

	private static void assertCompatible(String description, Schema reader, Schema writer) {
		SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader,
				writer);
		assertThat(result.getType()).as(description + ": " + result.getDescription())
			.isEqualTo(SchemaCompatibilityType.COMPATIBLE);
	}

}
