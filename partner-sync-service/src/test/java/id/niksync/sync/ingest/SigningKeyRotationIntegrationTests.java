package id.niksync.sync.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.signing.EventSigner;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.testsupport.Residents;
import id.niksync.testsupport.TestEventSigning;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A key rotation in flight: partner-sync holds the registry's current key and the next
 * one, and events signed by either, interleaved on one partition, all apply; an event
 * signed by a key that is no longer configured is dead-lettered.
 */
@SyncIntegrationTest
// A context of its own: closed when the class ends, not kept (with its broker,
// consumers and schedules running) until the whole suite ends.
@DirtiesContext
class SigningKeyRotationIntegrationTests {

	private static final TestEventSigning.Key NEXT = TestEventSigning.newKey("registry-next");

	private static final TestEventSigning.Key RETIRED = TestEventSigning.newKey("registry-retired");

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	JdbcClient jdbc;

	private final NikChangedCodec codec = new NikChangedCodec();

	@DynamicPropertySource
	static void bothKeys(DynamicPropertyRegistry properties) {
		properties.add("niksync.signing.verification-keys[0].key-id", () -> TestEventSigning.KEY_ID);
		properties.add("niksync.signing.verification-keys[0].public-key", () -> TestEventSigning.PUBLIC_KEY);
		properties.add("niksync.signing.verification-keys[1].key-id", NEXT::keyId);
		properties.add("niksync.signing.verification-keys[1].public-key", NEXT::publicKey);
	}

	@Test
	void appliesEventsOfTheCurrentAndTheNextKeyInterleavedAndRefusesARetiredKey() {
		List<EventSigner> signers = List.of(TestEventSigning.signer(), NEXT.signer());
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
		for (int version = 1; version <= 6; version++) {
			for (int i = 0; i < 4; i++) {
				String nik = "35110145069002%02d".formatted(i);
				// Each NIK's versions alternate between the keys, and so do neighbours.
				records.add(TestEventSigning.signedBy(signers.get((version + i) % 2), record(nik, version)));
			}
		}
		String retired = "3511014506900210";
		records.add(TestEventSigning.signedBy(RETIRED.signer(), record(retired, 1)));
		records.add(TestEventSigning.signedBy(NEXT.signer(), record(retired, 2)));
		send(records);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (int i = 0; i < 4; i++) {
				assertThat(version("35110145069002%02d".formatted(i))).isEqualTo(6);
			}
			assertThat(version(retired)).isEqualTo(2);
			// stored from the dead-letter topic by a consumer of its own
			assertThat(this.jdbc.sql("SELECT reason_code FROM dead_letter WHERE nik = ?")
				.param(retired)
				.query(String.class)
				.list()).containsExactly("SIGNATURE_INVALID");
		});
		assertThat(this.jdbc.sql("SELECT count(*) FROM dead_letter WHERE nik LIKE '35110145069002%'")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	private ProducerRecord<String, byte[]> record(String nik, long version) {
		// One partition: the two keys' events really are interleaved in one stream.
		return new ProducerRecord<>("nik-changes", 0, nik, this.codec.encode(Residents.event(nik, version)));
	}

	private void send(List<ProducerRecord<String, byte[]>> records) {
		try (Producer<String, byte[]> producer = new DefaultKafkaProducerFactory<>(
				KafkaTestUtils.producerProps(this.broker), new StringSerializer(), new ByteArraySerializer())
			.createProducer()) {
			records.forEach(producer::send);
		}
	}

	private Long version(String nik) {
		return this.jdbc.sql("SELECT version FROM replica_resident WHERE nik = ?")
			.param(nik)
			.query(Long.class)
			.optional()
			.orElse(null);
	}

}
