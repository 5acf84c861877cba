package id.niksync.sync.ingest;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.avro.Resident;
import id.niksync.schemas.signing.EventSigner;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.ingest.Fate.Expect;
import id.niksync.sync.ingest.MutatedEvents.Produced;
import id.niksync.sync.ingest.MutatedEvents.Signing;
import id.niksync.testsupport.TestEventSigning;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * G4 as a property: whatever the bytes on {@code nik-changes}, every record ends applied,
 * stale or dead-lettered, the ones the registry did not sign, that do not decode or break
 * the contract are dead-lettered and never applied, and a good record behind them on the
 * same partition is applied. The records are mutations of valid events
 * ({@link MutatedEvents}), judged by an oracle that knows the contract and the replica's
 * columns ({@link Fate}), not ingestion's code.
 *
 * <p>
 * Seeded and repeatable: the seed is printed; {@code -Dmutation.seed=…} replays a run and
 * {@code -Dmutation.count=…} (default 300) sets how many records it produces.
 */
@SyncIntegrationTest
// A context of its own: closed when the class ends, not kept (with its broker,
// consumers and schedules running) until the whole suite ends.
@DirtiesContext
@TestPropertySource(properties = { "niksync.ingest.backoff-initial=20ms", "niksync.ingest.backoff-max=500ms",
		"niksync.ingest.max-record-attempts=3",
		// After each failed record the consumer seeks back, and its next fetch waits out
		// the one already parked at the log's end: up to fetch.max.wait.ms per failure.
		"spring.kafka.consumer.properties.fetch.max.wait.ms=20" })
class MutatedEventsIntegrationTests {

	private static final String TOPIC = "nik-changes";

	private static final int PARTITION = 0;

	private static final EventSigner IMPOSTOR = TestEventSigning.newKey(TestEventSigning.KEY_ID).signer();

	private static final EventSigner UNKNOWN = TestEventSigning.newKey("not-configured").signer();

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	NikChangedCodec consumerCodec;

	@Autowired
	IngestMetrics metrics;

	@Test
	void everyMutatedRecordEndsAppliedStaleOrDeadLetteredAndTheGoodRecordBehindThemIsApplied() throws Exception {
		long seed = Long.getLong("mutation.seed", System.nanoTime());
		int count = Integer.getInteger("mutation.count", 300);
		System.out.printf("MutatedEventsIntegrationTests: seed %d, %d records (replay: -Dmutation.seed=%d"
				+ " -Dmutation.count=%d)%n", seed, count, seed, count);
		String run = "seed " + seed + ", count " + count;

		// The consumer has learned the writer schema with extra enum symbols, as it would
		// once such a schema is published; the oracle reads what the consumer reads.
		this.consumerCodec.learn(MutatedEvents.FUTURE_ENUMS);
		NikChangedCodec oracleCodec = new NikChangedCodec();
		oracleCodec.learn(MutatedEvents.FUTURE_ENUMS);

		List<Produced> records = new MutatedEvents(seed).records(count);
		List<Sent> sent = produce(records, oracleCodec);
		Sent last = sent.get(sent.size() - 1);

		await().atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Snapshot now = snapshot();
			assertThat(describe(sent.stream().filter((s) -> !now.resolved(s)).toList(), now))
				.as("%s: records neither applied, stale nor dead-lettered yet", run)
				.isEmpty();
			// Once the last record is in, every letter has been sent; all are stored.
			assertThat(now.storedLetters()).as("%s: dead letters stored", run)
				.isEqualTo((long) this.metrics.counters().deadLettered());
		});

		Snapshot end = snapshot();
		List<String> problems = new ArrayList<>();
		Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
		for (Sent s : sent) {
			String outcome = end.outcome(s);
			outcomes.computeIfAbsent(s.fate().expect() + " " + s.fate().why(), (k) -> new TreeMap<>())
				.merge(outcome, 1, Integer::sum);
			outcomes.computeIfAbsent("kind " + s.kind().replaceAll("(?s)[=:].*", ""), (k) -> new TreeMap<>())
				.merge(outcome, 1, Integer::sum);
			if (s.kind().contains("~1MB")) {
				outcomes.computeIfAbsent("kind ~1MB", (k) -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
			}
			String problem = end.problem(s);
			if (problem != null) {
				problems.add(s + ": " + problem + " (outcome " + outcome + ")");
			}
		}
		problems.addAll(end.replicaProblems(sent));
		problems.addAll(payloadProblems(sent));
		if (!last.fate().eventId().equals(end.replicaEventId(last))) {
			problems.add("the last record, a good one, is not applied: " + last);
		}
		outcomes.forEach((judged, counts) -> System.out.printf("  %-60s %s%n", judged, counts));
		assertThat(problems).as("%s: records whose end breaks G4", run).isEmpty();
	}

	/**
	 * A dead letter keeps the record's bytes; only one too large for the dead-letter
	 * topic goes without them, and says so.
	 */
	private List<String> payloadProblems(List<Sent> sent) {
		Map<Long, Sent> byOffset = new HashMap<>();
		sent.forEach((s) -> byOffset.put(s.offset(), s));
		List<String> problems = new ArrayList<>();
		this.jdbc
			.sql("SELECT original_offset, payload, exception_message FROM dead_letter"
					+ " WHERE original_topic = ? AND original_partition = ?")
			.params(TOPIC, PARTITION)
			.query((rs) -> {
				Sent s = byOffset.get(rs.getLong("original_offset"));
				byte[] payload = rs.getBytes("payload");
				String message = rs.getString("exception_message");
				boolean omitted = payload == null && s.value() != null && s.value().length > 1_000_000
						&& message != null && message.contains("omitted");
				if (!Arrays.equals(payload, s.value()) && !omitted) {
					problems.add(s + ": the dead letter's payload is not the record's value");
				}
			});
		return problems;
	}

	private List<Sent> produce(List<Produced> records, NikChangedCodec oracleCodec) throws Exception {
		Map<String, Object> props = KafkaTestUtils.producerProps(this.broker);
		props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
		List<Future<RecordMetadata>> acks = new ArrayList<>();
		try (Producer<byte[], byte[]> producer = new DefaultKafkaProducerFactory<>(props, new ByteArraySerializer(),
				new ByteArraySerializer())
			.createProducer()) {
			for (Produced record : records) {
				acks.add(producer.send(signed(new ProducerRecord<>(TOPIC, PARTITION, record.key(), record.value()),
						record.signing())));
			}
			producer.flush();
		}
		List<Sent> sent = new ArrayList<>();
		for (int i = 0; i < records.size(); i++) {
			Produced record = records.get(i);
			sent.add(new Sent(i, acks.get(i).get().offset(), record.kind(), record.value(),
					Fate.of(record.key(), record.value(), record.signing() == Signing.REGISTRY, oracleCodec)));
		}
		return sent;
	}

	/** Signed after the mutation, over the bytes as produced, as the registry would. */
	private static ProducerRecord<byte[], byte[]> signed(ProducerRecord<byte[], byte[]> record, Signing signing) {
		return switch (signing) {
			case REGISTRY -> TestEventSigning.signedRaw(record);
			case NONE -> record;
			case IMPOSTOR -> TestEventSigning.signedRawBy(IMPOSTOR, record);
			case UNKNOWN_KEY -> TestEventSigning.signedRawBy(UNKNOWN, record);
		};
	}

	private Snapshot snapshot() {
		Map<Long, String> letters = new HashMap<>();
		this.jdbc
			.sql("SELECT original_offset, reason_code FROM dead_letter"
					+ " WHERE original_topic = ? AND original_partition = ?")
			.params(TOPIC, PARTITION)
			.query((rs) -> {
				letters.put(rs.getLong("original_offset"), rs.getString("reason_code"));
			});
		long stored = this.jdbc.sql("SELECT count(*) FROM dead_letter").query(Long.class).single();
		Map<String, Row> replica = new HashMap<>();
		this.jdbc.sql("SELECT * FROM replica_resident").query((rs) -> {
			Map<String, Object> values = new LinkedHashMap<>();
			for (String column : Fate.COLUMNS.keySet()) {
				values.put(column, rs.getString(column));
			}
			values.put("birth_date", rs.getObject("birth_date", LocalDate.class));
			values.put("registry_changed_at", rs.getObject("registry_changed_at", OffsetDateTime.class).toInstant());
			values.put("sex", rs.getString("sex"));
			values.put("religion", rs.getString("religion"));
			values.put("marital_status", rs.getString("marital_status"));
			values.put("status", rs.getString("status"));
			values.put("change_seq", rs.getLong("change_seq"));
			values.put("change_type", rs.getString("change_type"));
			replica.put(rs.getString("nik"),
					new Row(rs.getLong("version"), rs.getObject("event_id", UUID.class), values));
		});
		return new Snapshot(letters, stored, replica);
	}

	/** The replica's values as the event would fill them. */
	private static Map<String, Object> expectedValues(NikChanged event) {
		Resident r = event.getResident();
		Map<String, Object> values = new LinkedHashMap<>(Fate.textColumns(event));
		values.put("birth_date", r.getBirthDate());
		values.put("registry_changed_at", event.getOccurredAt());
		values.put("sex", r.getSex().name());
		values.put("religion", r.getReligion().name());
		values.put("marital_status", r.getMaritalStatus().name());
		values.put("status", r.getStatus().name());
		values.put("change_seq", event.getChangeSeq());
		values.put("change_type", event.getChangeType().name());
		return values;
	}

	private static List<String> describe(List<Sent> sent, Snapshot now) {
		return sent.stream().limit(20).map((s) -> s + " (outcome " + now.outcome(s) + ")").toList();
	}

	/** A produced record: its place in the run, its offset, what was done, its fate. */
	record Sent(int index, long offset, String kind, byte[] value, Fate fate) {

		String nik() {
			return (this.fate.event() != null) ? this.fate.event().getNik() : null;
		}

		long version() {
			return this.fate.event().getVersion();
		}

		@Override
		public String toString() {
			return "#" + this.index + " @" + this.offset + " " + this.kind + " [" + this.fate.expect() + ": "
					+ this.fate.why() + "]";
		}

	}

	record Row(long version, UUID eventId, Map<String, Object> values) {
	}

	/**
	 * Dead letters of the partition by original offset, all stored letters, and the
	 * replica by NIK, at one moment.
	 */
	record Snapshot(Map<Long, String> letters, long storedLetters, Map<String, Row> replica) {

		/**
		 * Whether the record has an end yet, right or wrong: a letter, or its NIK at its
		 * version or newer. Which end is right is judged once all have one.
		 */
		boolean resolved(Sent s) {
			return this.letters.containsKey(s.offset()) || reachedReplica(s);
		}

		String outcome(Sent s) {
			if (this.letters.containsKey(s.offset())) {
				return "dead-lettered " + this.letters.get(s.offset());
			}
			if (reachedReplica(s)) {
				Row row = this.replica.get(s.nik());
				return Objects.equals(row.eventId(), s.fate().eventId()) && row.version() == s.version()
						? "applied, current" : "applied or stale, replica newer";
			}
			return "none";
		}

		UUID replicaEventId(Sent s) {
			Row row = this.replica.get(s.nik());
			return (row != null) ? row.eventId() : null;
		}

		/** What is wrong with the record's end, or null. */
		String problem(Sent s) {
			String letter = this.letters.get(s.offset());
			boolean reached = reachedReplica(s);
			switch (s.fate().expect()) {
				case DEAD_LETTER -> {
					if (letter == null) {
						return "not dead-lettered";
					}
					if (s.fate().decodeReason() != null && !s.fate().decodeReason().equals(letter)) {
						return "dead-lettered as " + letter + ", expected " + s.fate().decodeReason();
					}
				}
				case REFUSED -> {
					if (letter == null && !reached) {
						return "neither dead-lettered nor superseded";
					}
				}
				case VALID -> {
					if (letter != null) {
						return "a valid record dead-lettered as " + letter;
					}
					if (!reached) {
						return "lost: the replica holds an older version";
					}
				}
				case DB_DECIDES -> {
					if (letter != null && !letter.equals("CONSTRAINT_VIOLATION")) {
						return "dead-lettered as " + letter + ", expected CONSTRAINT_VIOLATION";
					}
					if (letter == null && !reached) {
						return "lost: the replica holds an older version";
					}
				}
			}
			if (letter != null && letter.isBlank()) {
				return "dead-lettered without a reason";
			}
			return null;
		}

		/**
		 * Each NIK's row is the first record of the newest version that may be applied
		 * and was not dead-lettered, with exactly its values; a NIK no such record names
		 * has no row.
		 */
		List<String> replicaProblems(List<Sent> sent) {
			Map<String, Sent> winners = new HashMap<>();
			for (Sent s : sent) {
				Expect expect = s.fate().expect();
				if ((expect == Expect.VALID || expect == Expect.DB_DECIDES) && !this.letters.containsKey(s.offset())) {
					winners.merge(s.nik(), s, (a, b) -> (b.version() > a.version()) ? b : a);
				}
			}
			List<String> problems = new ArrayList<>();
			this.replica.forEach((nik, row) -> {
				Sent winner = winners.get(nik);
				if (winner == null) {
					problems.add("replica holds " + nik.substring(0, 6) + "… v" + row.version()
							+ " although no record of it may be applied");
					return;
				}
				if (row.version() != winner.version() || !row.eventId().equals(winner.fate().eventId())) {
					problems.add("replica holds v" + row.version() + " " + row.eventId() + " where " + winner
							+ " should have won");
					return;
				}
				Map<String, Object> expected = expectedValues(winner.fate().event());
				expected.forEach((column, value) -> {
					if (!Objects.equals(value, row.values().get(column))) {
						problems.add(winner + ": replica " + column + " differs from the event's");
					}
				});
			});
			winners.forEach((nik, winner) -> {
				if (!this.replica.containsKey(nik)) {
					problems.add(winner + ": its NIK has no replica row");
				}
			});
			return problems;
		}

		private boolean reachedReplica(Sent s) {
			Row row = (s.nik() != null) ? this.replica.get(s.nik()) : null;
			return row != null && row.version() >= s.version();
		}

	}

}
