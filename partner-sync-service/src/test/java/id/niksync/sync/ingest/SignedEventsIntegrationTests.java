package id.niksync.sync.ingest;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.signing.EventSignatures;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestDeadLetters;
import id.niksync.sync.TestOperators;
import id.niksync.sync.deadletter.DeadLetterHeaders;
import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.testsupport.Residents;
import id.niksync.testsupport.TestEventSigning;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Only what the registry signed reaches the replica: a record built with the right codec
 * but unsigned, signed by another key under the registry's key id, or signed under a key
 * id partner-sync does not know is dead-lettered as SIGNATURE_INVALID (at once:
 * {@code FailureClassifierTests}), never applied, and the registry's next version still
 * applies. A replayed letter carries its original signature and is judged by it again.
 */
@SyncIntegrationTest
class SignedEventsIntegrationTests {

	private static final String FORGED_NAME = "FORGED VIA UNAUTHENTICATED KAFKA";

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestRestTemplate http;

	@Autowired
	MeterRegistry meters;

	@Value("${spring.datasource.url}")
	String url;

	private final NikChangedCodec codec = new NikChangedCodec();

	@Test
	void deadLettersForgedEventsAndAppliesTheRegistrysNextVersion() {
		String nik = "3511014506900131";
		send(TestEventSigning.signed(record(Residents.event(nik, 1))));
		awaitVersion(nik, 1);

		ProducerRecord<String, byte[]> unsigned = record(forged(nik, 101));
		ProducerRecord<String, byte[]> impostor = TestEventSigning
			.signedBy(TestEventSigning.newKey(TestEventSigning.KEY_ID).signer(), record(forged(nik, 102)));
		// Version 2, below the registry's next: supersession must not hide it either.
		ProducerRecord<String, byte[]> unknownKey = TestEventSigning
			.signedBy(TestEventSigning.newKey("intruder").signer(), record(forged(nik, 2)));
		// The registry's signature of its version 2, on another value.
		ProducerRecord<String, byte[]> genuine = TestEventSigning.signed(record(Residents.event(nik, 2)));
		ProducerRecord<String, byte[]> swapped = record(forged(nik, 103));
		genuine.headers().forEach((header) -> swapped.headers().add(header));
		send(unsigned, impostor, unknownKey, swapped);
		send(TestEventSigning.signed(record(Residents.event(nik, 2))));

		awaitVersion(nik, 2);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(letters(nik)).hasSize(4)
				.allSatisfy((letter) -> assertThat(letter.get("reason_code")).isEqualTo("SIGNATURE_INVALID")));
		assertThat(letters(nik)).extracting((letter) -> letter.get("exception_class"))
			.containsOnly(SignatureInvalidException.class.getName());
		assertThat(this.jdbc.sql("SELECT full_name FROM replica_resident WHERE nik = ?")
			.param(nik)
			.query(String.class)
			.single()).isNotEqualTo(FORGED_NAME);

		// A letter of another reason at version 2 is superseded; the forgeries stay in
		// front of an operator.
		String other = "3511014506900132";
		sendLetter(other, 1);
		send(TestEventSigning.signed(record(Residents.event(other, 2))));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "SUPERSEDED"
				.equals(TestDeadLetters.status(this.jdbc, TestDeadLetters.awaitOne(this.http, other))));
		assertThat(letters(nik)).extracting((letter) -> letter.get("status")).containsOnly("PENDING");
	}

	/**
	 * A burst of forged records is dead-lettered from within the batches that carry it:
	 * the rest of the partition is not delivered again for each one (through the error
	 * handler, a burst held a partition back about half a second per forged record, one
	 * fetch wait each). The genuine record behind the burst applies.
	 */
	@Test
	void aBurstOfForgedRecordsIsDeadLetteredWithoutDeliveringThePartitionAgainForEach() {
		String nik = "3511014506900151";
		send(TestEventSigning.signed(record(Residents.event(nik, 1))));
		awaitVersion(nik, 1);
		DistributionSummary batches = this.meters.get("niksync.ingest.batch.records").summary();
		long batchesBefore = batches.count();
		double retriesBefore = this.meters.get("niksync.ingest.retries").counter().count();
		int burst = 40;
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
		for (int i = 0; i < burst; i++) {
			records.add(record(forged(nik, 100 + i)));
		}
		records.add(TestEventSigning.signed(record(Residents.event(nik, 2))));
		send(records.toArray(ProducerRecord[]::new));

		awaitVersion(nik, 2);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(letters(nik)).hasSize(burst)
				.allSatisfy((letter) -> assertThat(letter.get("reason_code")).isEqualTo("SIGNATURE_INVALID")));
		// one key, one partition: redelivering the rest after each forged record would
		// take more than 40 batches
		assertThat(batches.count() - batchesBefore).as("batches delivered for the burst").isLessThan(burst / 2);
		assertThat(this.meters.get("niksync.ingest.retries").counter().count()).as("the error handler's attempts")
			.isEqualTo(retriesBefore);
	}

	/**
	 * A forged record whose key or own headers are megabytes (a few kilobytes on the
	 * topic, compressed) is dead-lettered with its coordinates and reason, and its key
	 * when that fits: with its key or headers the letter would exceed the producer's
	 * limit, be refused on every attempt and hold its partition back for good. A header
	 * named like a letter's own is the record's too.
	 */
	@Test
	void aForgedRecordWithAHugeKeyOrHeadersIsDeadLetteredAndThePartitionGoesOn() throws Exception {
		String nik = "3511014506900152";
		send(TestEventSigning
			.signed(new ProducerRecord<>("nik-changes", 0, nik, this.codec.encode(Residents.event(nik, 1)))));
		awaitVersion(nik, 1);
		ProducerRecord<String, byte[]> hugeKey = new ProducerRecord<>("nik-changes", 0, "3".repeat(3_000_000),
				this.codec.encode(forged(nik, 50)));
		ProducerRecord<String, byte[]> hugeHeader = new ProducerRecord<>("nik-changes", 0, nik,
				this.codec.encode(forged(nik, 51)));
		hugeHeader.headers().add("padding", new byte[3_000_000]);
		ProducerRecord<String, byte[]> hugeLetterHeader = new ProducerRecord<>("nik-changes", 0, nik,
				this.codec.encode(forged(nik, 52)));
		hugeLetterHeader.headers().add(DeadLetterHeaders.REASON, new byte[3_000_000]);
		hugeLetterHeader.headers().add("niksync-dlt-padding", new byte[3_000_000]);
		Map<String, Object> props = KafkaTestUtils.producerProps(this.broker);
		props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
		props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
		Map<Long, String> keys = new HashMap<>();
		try (Producer<String, byte[]> producer = new DefaultKafkaProducerFactory<>(props, new StringSerializer(),
				new ByteArraySerializer())
			.createProducer()) {
			keys.put(producer.send(hugeKey).get().offset(), "none");
			keys.put(producer.send(hugeHeader).get().offset(), nik);
			keys.put(producer.send(hugeLetterHeader).get().offset(), nik);
			producer
				.send(TestEventSigning
					.signed(new ProducerRecord<>("nik-changes", 0, nik, this.codec.encode(Residents.event(nik, 2)))))
				.get();
		}

		awaitVersion(nik, 2);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.jdbc
				.sql("SELECT original_offset, reason_code, coalesce(record_key, 'none') AS record_key,"
						+ " payload IS NULL AS without_value, exception_message FROM dead_letter"
						+ " WHERE original_topic = 'nik-changes' AND original_partition = 0"
						+ " AND original_offset = ANY (?::bigint[]) ORDER BY original_offset")
				.param(keys.keySet().toArray(Long[]::new))
				.query()
				.listOfRows()).hasSize(3).allSatisfy((letter) -> {
					assertThat(letter.get("reason_code")).isEqualTo("SIGNATURE_INVALID");
					assertThat(letter.get("record_key")).isEqualTo(keys.get((Long) letter.get("original_offset")));
					assertThat(letter.get("without_value")).isEqualTo(true);
					assertThat((String) letter.get("exception_message")).contains("omitted",
							"the original is nik-changes-0@" + letter.get("original_offset"));
				}));
	}

	/**
	 * The letters are cut to the producer's {@code max.request.size}; a dead-letter topic
	 * whose {@code max.message.bytes} is smaller made the broker refuse a letter under
	 * it, sent again and refused again for as long as the setting stayed. The letter now
	 * goes again with its coordinates, reason and key only, then without its key, then
	 * with its coordinates and reason alone.
	 */
	@Test
	void aLetterTheBrokerRefusesAsTooLargeGoesWithoutItsValueAndThePartitionGoesOn() throws Exception {
		String nik = "3511014506900153";
		ConfigResource deadLetters = new ConfigResource(ConfigResource.Type.TOPIC, "nik-changes-dlt");
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString()))) {
			try {
				setMaxMessageBytes(admin, deadLetters, "20000");
				ProducerRecord<String, byte[]> large = new ProducerRecord<>("nik-changes", 0, nik, new byte[50_000]);
				long offset = sentAt(large);
				long hugeKeyOffset = sentAt(new ProducerRecord<>("nik-changes", 0, "3".repeat(30_000), new byte[10]));
				send(TestEventSigning
					.signed(new ProducerRecord<>("nik-changes", 0, nik, this.codec.encode(Residents.event(nik, 1)))));

				awaitVersion(nik, 1);
				await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
					Map<String, Object> letter = this.jdbc
						.sql("SELECT reason_code, record_key, payload IS NULL AS without_value, exception_message"
								+ " FROM dead_letter WHERE original_topic = 'nik-changes' AND original_partition = 0"
								+ " AND original_offset = ?")
						.param(offset)
						.query()
						.singleRow();
					assertThat(letter.get("reason_code")).isEqualTo("SIGNATURE_INVALID");
					assertThat(letter.get("record_key")).isEqualTo(nik);
					assertThat(letter.get("without_value")).isEqualTo(true);
					assertThat((String) letter.get("exception_message")).contains(
							"payload of 50000 bytes and the record's own headers omitted: the broker refused the letter",
							"the original is nik-changes-0@" + offset);
					Map<String, Object> keyless = this.jdbc
						.sql("SELECT record_key_bytes IS NULL AS without_key, exception_message FROM dead_letter"
								+ " WHERE original_topic = 'nik-changes' AND original_partition = 0"
								+ " AND original_offset = ?")
						.param(hugeKeyOffset)
						.query()
						.singleRow();
					assertThat(keyless.get("without_key")).isEqualTo(true);
					assertThat((String) keyless.get("exception_message")).contains("its key of 30000 bytes omitted too",
							"the original is nik-changes-0@" + hugeKeyOffset);
				});
				// a limit of a few hundred bytes: where the record is and why, alone
				setMaxMessageBytes(admin, deadLetters, "400");
				long bareOffset = sentAt(new ProducerRecord<>("nik-changes", 0, nik, new byte[10]));
				await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
					Map<String, Object> bare = this.jdbc
						.sql("SELECT reason_code, record_key_bytes IS NULL AS without_key, payload IS NULL AS"
								+ " without_value, exception_message IS NULL AND exception_class IS NULL AS bare"
								+ " FROM dead_letter WHERE original_topic = 'nik-changes'"
								+ " AND original_partition = 0 AND original_offset = ?")
						.param(bareOffset)
						.query()
						.singleRow();
					assertThat(bare).containsEntry("reason_code", "SIGNATURE_INVALID")
						.containsEntry("without_key", true)
						.containsEntry("without_value", true)
						.containsEntry("bare", true);
				});
			}
			finally {
				admin
					.incrementalAlterConfigs(
							Map.of(deadLetters,
									List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", null),
											AlterConfigOp.OpType.DELETE))))
					.all()
					.get();
			}
		}
	}

	/**
	 * The registry signs its records together, one signature per tree of up to 64, each
	 * record carrying its path to the signed root. Every record is still judged alone:
	 * those of the tree apply, spread over partitions and consumers, and one whose value
	 * was changed after signing is dead-lettered as SIGNATURE_INVALID, never applied.
	 */
	@Test
	void recordsSignedTogetherApplyEachAloneAndAChangedOneIsDeadLettered() {
		List<String> niks = List.of("3511014506900141", "3511014506900142", "3511014506900143", "3511014506900144",
				"3511014506900145");
		List<ProducerRecord<String, byte[]>> tree = TestEventSigning
			.signedTogether(niks.stream().map((nik) -> record(Residents.event(nik, 1))).toList());
		assertThat(tree).allSatisfy(
				(record) -> assertThat(record.headers().lastHeader(EventSignatures.TREE_PATH_HEADER)).isNotNull());
		ProducerRecord<String, byte[]> changed = record(forged(niks.get(4), 1));
		tree.get(4).headers().forEach((header) -> changed.headers().add(header));
		// the last but one alone first, then the others
		send(tree.get(3));
		awaitVersion(niks.get(3), 1);
		send(tree.get(0), tree.get(1), tree.get(2), changed);

		niks.subList(0, 3).forEach((nik) -> awaitVersion(nik, 1));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(letters(niks.get(4))).singleElement()
				.satisfies((letter) -> assertThat(letter.get("reason_code")).isEqualTo("SIGNATURE_INVALID")));
		assertThat(version(niks.get(4))).isNull();
	}

	/**
	 * Replays go to a topic partner-sync writes ({@code nik-changes-replays}), and
	 * ingestion consumes it with {@code nik-changes}; a record there is judged as if it
	 * were on {@code nik-changes}, the topic the registry signs for. Whoever may write
	 * the replay topic cannot get anything applied the registry did not sign: a record
	 * unsigned, signed by another key, or signed by the registry's key for the replay
	 * topic itself is dead-lettered as SIGNATURE_INVALID from there and never applied;
	 * the registry's record for {@code nik-changes}, sent there, applies.
	 */
	@Test
	void onTheReplayTopicOnlyTheRegistrysSignatureForNikChangesIsApplied() {
		String nik = "3511014506900135";
		ProducerRecord<String, byte[]> unsigned = replay(record(forged(nik, 101)));
		ProducerRecord<String, byte[]> impostor = TestEventSigning
			.signedBy(TestEventSigning.newKey(TestEventSigning.KEY_ID).signer(), replay(record(forged(nik, 102))));
		// the registry's key, but signed for the topic the record is on: not nik-changes
		ProducerRecord<String, byte[]> signedForReplays = TestEventSigning.signed(replay(record(forged(nik, 103))));
		send(unsigned, impostor, signedForReplays);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(letters(nik)).hasSize(3));
		assertThat(version(nik)).isNull();

		// The registry's record, signed for nik-changes, on the replay topic: applied,
		// although the forgeries claimed higher versions.
		send(replay(TestEventSigning.signed(record(Residents.event(nik, 1)))));
		awaitVersion(nik, 1);
		assertThat(this.jdbc.sql("SELECT full_name FROM replica_resident WHERE nik = ?")
			.param(nik)
			.query(String.class)
			.single()).isNotEqualTo(FORGED_NAME);
		assertThat(letters(nik)).hasSize(3)
			.allSatisfy((letter) -> assertThat(letter).containsEntry("reason_code", "SIGNATURE_INVALID")
				.containsEntry("original_topic", "nik-changes-replays")
				.containsEntry("status", "PENDING"));
	}

	/**
	 * A forgery is never sent again, alone or in a bulk replay: it would only be refused
	 * again.
	 */
	@Test
	void aForgeryIsNeverReplayed() {
		String nik = "3511014506900133";
		send(record(forged(nik, 1)));
		long id = TestDeadLetters.awaitOne(this.http, nik);

		ResponseEntity<JsonNode> refused = post("/ops/dead-letters/" + id + "/replay", Map.of("reason", "try it"));
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("DEAD_LETTER_NOT_REPLAYABLE");

		ResponseEntity<JsonNode> bulk = post("/ops/dead-letters/replay",
				Map.of("reasonCode", "SIGNATURE_INVALID", "nik", nik, "reason", "replay everything"));
		assertThat(bulk.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(bulk.getBody().get("matched").asInt()).isEqualTo(1);
		assertThat(bulk.getBody().get("replayed").asInt()).isZero();
		ResponseEntity<JsonNode> dryRun = post("/ops/dead-letters/replay",
				Map.of("reasonCode", "SIGNATURE_INVALID", "nik", nik, "dryRun", true, "reason", "what would be sent"));
		assertThat(dryRun.getBody().get("matched").asInt()).isEqualTo(1);
		assertThat(dryRun.getBody().get("sent")).as("a dry run says the forgery would not be sent").isEmpty();

		assertThat(letters(nik)).singleElement()
			.satisfies((letter) -> assertThat(letter.get("status")).isEqualTo("PENDING"));
		assertThat(
				this.jdbc.sql("SELECT count(*) FROM operator_audit WHERE action = 'DEAD_LETTER_REPLAY' AND target = ?")
					.param("dead-letter:" + id)
					.query(Long.class)
					.single())
			.isZero();
		assertThat(version(nik)).isNull();

		// nor when the replica has overtaken the version it claims: it stays in front of
		// an operator, not SUPERSEDED
		send(TestEventSigning.signed(record(Residents.event(nik, 2))));
		await().atMost(Duration.ofSeconds(20)).until(() -> Long.valueOf(2).equals(version(nik)));
		assertThat(post("/ops/dead-letters/" + id + "/replay", Map.of("reason", "once more")).getStatusCode())
			.isEqualTo(HttpStatus.CONFLICT);
		assertThat(letters(nik)).singleElement()
			.satisfies((letter) -> assertThat(letter.get("status")).isEqualTo("PENDING"));
	}

	/**
	 * The replica refused the record (here a constraint added for the test); once the
	 * cause is gone, its replay, with the registry's original signature, applies.
	 */
	@Test
	void aReplayedLetterOfAnotherReasonVerifiesWithItsOriginalSignatureAndApplies() throws SQLException {
		String nik = "3511014506900134";
		NikChanged refused = Residents.event(nik, 1);
		refused.getResident().setOccupation("Refused by a test constraint");
		ProducerRecord<String, byte[]> original = TestEventSigning.signed(record(refused));
		long id;
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url); Statement sql = owner.createStatement()) {
			sql.execute("ALTER TABLE replica_resident ADD CONSTRAINT refuse_for_test"
					+ " CHECK (occupation <> 'Refused by a test constraint') NOT VALID");
			try {
				send(original);
				id = TestDeadLetters.awaitOne(this.http, nik);
			}
			finally {
				sql.execute("ALTER TABLE replica_resident DROP CONSTRAINT refuse_for_test");
			}
		}
		assertThat(letters(nik).get(0).get("reason_code")).isEqualTo("CONSTRAINT_VIOLATION");
		JsonNode headers = TestOperators.asOperator(this.http)
			.getForObject("/ops/dead-letters/" + id, JsonNode.class)
			.get("headers");
		assertThat(headers.findValuesAsText("name")).contains(EventSignatures.KEY_ID_HEADER,
				EventSignatures.SIGNATURE_HEADER);

		post("/ops/dead-letters/" + id + "/replay", Map.of("reason", "constraint lifted"));

		awaitVersion(nik, 1);
		assertThat(letters(nik)).as("no second letter").hasSize(1);
	}

	private static NikChanged forged(String nik, long version) {
		NikChanged event = Residents.event(nik, version);
		event.getResident().setFullName(FORGED_NAME);
		return event;
	}

	private ProducerRecord<String, byte[]> record(NikChanged event) {
		return new ProducerRecord<>("nik-changes", event.getNik(), this.codec.encode(event));
	}

	/** The record, with its headers (a signature among them), for the replay topic. */
	private static ProducerRecord<String, byte[]> replay(ProducerRecord<String, byte[]> record) {
		return new ProducerRecord<>("nik-changes-replays", null, record.key(), record.value(), record.headers());
	}

	@SafeVarargs
	private void send(ProducerRecord<String, byte[]>... records) {
		try (Producer<String, byte[]> producer = new DefaultKafkaProducerFactory<>(
				KafkaTestUtils.producerProps(this.broker), new StringSerializer(), new ByteArraySerializer())
			.createProducer()) {
			for (ProducerRecord<String, byte[]> record : records) {
				producer.send(record);
			}
		}
	}

	/** Sets the topic's {@code max.message.bytes} and waits until the broker says so. */
	private static void setMaxMessageBytes(Admin admin, ConfigResource topic, String bytes) throws Exception {
		admin
			.incrementalAlterConfigs(Map.of(topic,
					List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", bytes), AlterConfigOp.OpType.SET))))
			.all()
			.get();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> bytes
				.equals(admin.describeConfigs(List.of(topic)).all().get().get(topic).get("max.message.bytes").value()));
	}

	/**
	 * @return the offset the record was written at
	 */
	private long sentAt(ProducerRecord<String, byte[]> record) throws Exception {
		try (Producer<String, byte[]> producer = new DefaultKafkaProducerFactory<>(
				KafkaTestUtils.producerProps(this.broker), new StringSerializer(), new ByteArraySerializer())
			.createProducer()) {
			return producer.send(record).get().offset();
		}
	}

	/** A letter as the dead-letter topic would carry it, of a reason other than ours. */
	private void sendLetter(String nik, long version) {
		ProducerRecord<String, byte[]> letter = new ProducerRecord<>("nik-changes-dlt", nik,
				this.codec.encode(Residents.event(nik, version)));
		letter.headers().add(DeadLetterHeaders.REASON, "UNCLASSIFIED".getBytes(StandardCharsets.UTF_8));
		send(letter);
	}

	private List<Map<String, Object>> letters(String nik) {
		return this.jdbc
			.sql("SELECT id, reason_code, exception_class, status, replay_of, original_topic FROM dead_letter"
					+ " WHERE nik = ? ORDER BY id")
			.param(nik)
			.query()
			.listOfRows();
	}

	private ResponseEntity<JsonNode> post(String path, Object body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return TestOperators.asOperator(this.http)
			.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
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

}
