package id.niksync.sync.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.deadletter.DeadLetterHeaders;
import id.niksync.testsupport.Residents;
import id.niksync.testsupport.TestEventSigning;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SyncIntegrationTest
class IngestIntegrationTests {

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	private final NikChangedCodec codec = new NikChangedCodec();

	@Test
	void appliesEachNewVersion() {
		String nik = "3511014506900101";

		publish(Residents.event(nik, 1));
		awaitVersion(nik, 1);
		publish(Residents.event(nik, 2));
		awaitVersion(nik, 2);
		publish(Residents.event(nik, 3));
		awaitVersion(nik, 3);

		assertThat(this.jdbc.sql("SELECT occupation FROM replica_resident WHERE nik = ?")
			.param(nik)
			.query(String.class)
			.single()).isEqualTo("Occupation v3");
	}

	@Test
	void skipsDuplicatesAndOlderVersionsAndCountsThem() {
		String nik = "3511014506900102";
		NikChanged v1 = Residents.event(nik, 1);
		NikChanged v2 = Residents.event(nik, 2);
		double staleBefore = stale();

		publish(v1);
		publish(v1);
		publish(v2);
		publish(v1);
		String marker = "3511014506900103";
		publish(Residents.event(marker, 1));

		// Same partition order: once the marker on that key's partition is in, all four
		// were consumed.
		awaitVersion(marker, 1);
		await().atMost(Duration.ofSeconds(20)).until(() -> stale() - staleBefore >= 2);
		assertThat(version(nik)).isEqualTo(2);
		assertThat(this.jdbc.sql("SELECT occupation FROM replica_resident WHERE nik = ?")
			.param(nik)
			.query(String.class)
			.single()).isEqualTo("Occupation v2");
	}

	@Test
	void deadLettersAPoisonRecordAndAnInvalidNikAndAppliesTheRecordsAroundThem() {
		// All on one key, so they share a partition and arrive in this order.
		String key = "3511014506900104";
		String badNik = "3511014506900000";
		byte[] poison = "not avro at all".getBytes(StandardCharsets.UTF_8);

		publish(Residents.event(key, 1));
		send(key, poison);
		NikChanged serialZero = Residents.event(badNik, 1);
		send(key, this.codec.encode(serialZero));
		publish(Residents.event(key, 2));

		awaitVersion(key, 2);
		List<ConsumerRecord<String, byte[]>> deadLetters = deadLetters(key, 2);
		assertThat(deadLetters).extracting((r) -> header(r, DeadLetterHeaders.REASON))
			.containsExactly("DESERIALIZATION", "INVALID_NIK");
		assertThat(deadLetters.get(0).value()).isEqualTo(poison);
		assertThat(header(deadLetters.get(0), "kafka_dlt-original-topic")).isEqualTo("nik-changes");
		assertThat(version(badNik)).isNull();

		// The store keeps each with its reason, original coordinates and original bytes.
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(storedReasons(key)).containsExactly("DESERIALIZATION", "INVALID_NIK"));
		List<Map<String, Object>> stored = this.jdbc
			.sql("SELECT original_topic, original_partition, original_offset, payload, nik FROM dead_letter"
					+ " WHERE record_key = ? ORDER BY original_offset")
			.param(key)
			.query()
			.listOfRows();
		assertThat(stored.get(0).get("original_topic")).isEqualTo("nik-changes");
		assertThat(stored.get(1).get("original_offset")).isEqualTo((long) stored.get(0).get("original_offset") + 1);
		assertThat((byte[]) stored.get(0).get("payload")).isEqualTo(poison);
		assertThat(stored.get(1).get("nik")).isEqualTo(badNik);
	}

	@Test
	void deadLettersARecordTheReplicaRefusesAndAppliesTheOthersInItsBatch() {
		String key = "3511014506900105";
		NikChanged tooLong = Residents.event(key, 2);
		tooLong.getResident().setFullName("N".repeat(250));

		String other = "3511014506900106";

		publish(Residents.event(key, 1));
		awaitVersion(key, 1);
		// Nothing newer of the same NIK may share its batch: the writer keeps only the
		// newest version per NIK of a batch, so the refused row would never be written.
		publish(tooLong);
		publish(Residents.event(other, 1));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(storedReasons(key)).containsExactly("CONSTRAINT_VIOLATION"));
		awaitVersion(other, 1);
		assertThat(version(key)).isEqualTo(1);
		publish(Residents.event(key, 3));
		awaitVersion(key, 3);
	}

	private List<String> storedReasons(String key) {
		return this.jdbc.sql("SELECT reason_code FROM dead_letter WHERE record_key = ? ORDER BY original_offset")
			.param(key)
			.query(String.class)
			.list();
	}

	private double stale() {
		return this.meters.counter("niksync.ingest.events", "outcome", "stale").count();
	}

	/**
	 * A record that decodes but fails in a way nobody classified (here an event id that
	 * is not a UUID) must not wedge its partition: a few attempts, then the DLT as
	 * UNCLASSIFIED with the exception's class, and the next change of the same NIK
	 * applies.
	 */
	@Test
	void deadLettersARecordThatFailsInAnUnforeseenWayAfterAFewAttemptsAndAppliesTheNext() {
		String key = "3511014506900111";
		NikChanged notAUuid = Residents.event(key, 1);
		notAUuid.setEventId("not-a-uuid");

		send(key, this.codec.encode(notAUuid));
		publish(Residents.event(key, 2));

		awaitVersion(key, 2);
		List<ConsumerRecord<String, byte[]>> deadLetters = deadLetters(key, 1);
		assertThat(header(deadLetters.get(0), DeadLetterHeaders.REASON)).isEqualTo("UNCLASSIFIED");
		assertThat(header(deadLetters.get(0), DeadLetterHeaders.EXCEPTION_CLASS))
			.isEqualTo(IllegalArgumentException.class.getName());
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(storedReasons(key)).containsExactly("UNCLASSIFIED"));
		assertThat(this.jdbc.sql("SELECT exception_class FROM dead_letter WHERE record_key = ?")
			.param(key)
			.query(String.class)
			.single()).isEqualTo(IllegalArgumentException.class.getName());
	}

	private void publish(NikChanged event) {
		send(event.getNik(), this.codec.encode(event));
	}

	private void send(String key, byte[] value) {
		Map<String, Object> props = KafkaTestUtils.producerProps(this.broker);
		try (var producer = new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new ByteArraySerializer())
			.createProducer()) {
			producer.send(TestEventSigning.signed(new ProducerRecord<>("nik-changes", key, value)));
			producer.flush();
		}
	}

	private void awaitVersion(String nik, long expected) {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(version(nik)).isEqualTo(expected));
	}

	private Long version(String nik) {
		return this.jdbc.sql("SELECT version FROM replica_resident WHERE nik = ?")
			.param(nik)
			.query(Long.class)
			.optional()
			.orElse(null);
	}

	private List<ConsumerRecord<String, byte[]>> deadLetters(String key, int expected) {
		Map<String, Object> props = KafkaTestUtils.consumerProps("dlt-reader-" + key, "false", this.broker);
		props.put("auto.offset.reset", "earliest");
		List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
		try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			consumer.subscribe(List.of("nik-changes-dlt"));
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((r) -> {
					if (key.equals(r.key())) {
						found.add(r);
					}
				});
				return found.size() >= expected;
			});
		}
		return found;
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		var header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
