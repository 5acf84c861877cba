package id.niksync.sync.deadletter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.PublishedSchemas;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.sync.ForeignTransactions;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestDeadLetters;
import id.niksync.sync.TestOperators;
import id.niksync.sync.audit.OperatorAudit;
import id.niksync.sync.replica.ReplicaReadTimedOutException;
import id.niksync.testsupport.Residents;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.testsupport.TestEventSigning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * G5: a dead letter whose cause is fixed is replayed through the normal path and applied;
 * replaying again and a dry run change nothing; every action is audited.
 */
@SyncIntegrationTest
class DeadLetterReplayIntegrationTests {

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	TestRestTemplate http;

	@Value("${spring.datasource.url}")
	String url;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	NikChangedCodec codec;

	@Autowired
	OperatorAudit audit;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	@Autowired
	DeadLetterStore store;

	@Autowired
	DeadLetterSupersession supersession;

	@Autowired
	DeadLetterReplayer replayer;

	@Autowired
	TransactionTemplate transaction;

	/**
	 * A replay marks its letter REPLAYED in a transaction that commits only after Kafka
	 * acknowledged the record, so the replay can fail and come back as a new letter while
	 * that transaction is still open: the new letter still joins the chain, once the
	 * replay has committed.
	 */
	@Test
	void aReplayThatFailsBeforeItsReplayCommitsStillJoinsTheChain() throws Exception {
		String key = "3511014506900329";
		try (var producer = producer()) {
			producer.send(TestEventSigning.signed(new ProducerRecord<>("nik-changes", key, "garbage".getBytes())));
		}
		long id = TestDeadLetters.awaitOne(this.http, key);
		ConsumerRecord<String, byte[]> again = new ConsumerRecord<>("nik-changes-dlt", 0,
				Long.MAX_VALUE - System.nanoTime(), key, "garbage".getBytes());
		again.headers()
			.add(DeadLetterHeaders.REASON, "DESERIALIZATION".getBytes(StandardCharsets.UTF_8))
			.add(DeadLetterHeaders.REPLAY_OF, Long.toString(id).getBytes(StandardCharsets.UTF_8));
		try (Connection replay = EmbeddedPostgres.superuserConnection(this.url)) {
			replay.setAutoCommit(false);
			try (Statement statement = replay.createStatement()) {
				assertThat(statement.executeUpdate("UPDATE dead_letter SET status = 'REPLAYED' WHERE id = " + id))
					.isEqualTo(1);
			}
			var stored = java.util.concurrent.CompletableFuture.supplyAsync(() -> this.store.record(again));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> stored.isDone() || this.jdbc.sql("SELECT count(*) FROM pg_locks WHERE NOT granted")
					.query(Long.class)
					.single() > 0);
			replay.commit();
			assertThat(stored.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		}
		assertThat(this.jdbc.sql("SELECT replay_of FROM dead_letter WHERE nik = ? AND id <> ?")
			.params(key, id)
			.query(Long.class)
			.single()).isEqualTo(id);
	}

	@Test
	void replaysAnEventWrittenWithASchemaTheConsumerLearnedLater() throws Exception {
		String nik = "3511014506900301";
		Schema future = futureSchema();
		send(nik, encodeWith(future, Residents.event(nik, 1)));

		long id = TestDeadLetters.awaitOne(this.http, nik);
		JsonNode letter = get("/ops/dead-letters/" + id);
		assertThat(letter.at("/deadLetter/reasonCode").asText()).isEqualTo("UNKNOWN_SCHEMA");
		assertThat(letter.at("/payload/decodeError").asText()).isNotEmpty();
		assertThat(get("/ops/residents/" + nik + "/sync-state").get("state").asText()).isEqualTo("IN_DEAD_LETTER");

		// The fix ships: the consumer now knows the writer's schema.
		this.codec.learn(future);

		ResponseEntity<JsonNode> dryRun = post("/ops/dead-letters/replay",
				Map.of("reasonCode", "UNKNOWN_SCHEMA", "nik", nik, "dryRun", true, "reason", "check before replay"));
		assertThat(dryRun.getBody().get("matched").asInt()).isEqualTo(1);
		assertThat(dryRun.getBody().get("replayed").asInt()).isZero();
		assertThat(dryRun.getBody().get("sent")).as("a replay would send it").hasSize(1);
		assertThat(dryRun.getBody().at("/sent/0").asLong()).isEqualTo(id);
		assertThat(TestDeadLetters.status(this.jdbc, id)).isEqualTo("PENDING");
		assertThat(replicaVersion(nik)).isNull();

		ResponseEntity<JsonNode> replayed = post("/ops/dead-letters/" + id + "/replay",
				Map.of("reason", "schema v3 deployed"));
		assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(replayed.getBody().get("status").asText()).isEqualTo("REPLAYED");
		await().atMost(Duration.ofSeconds(20)).until(() -> Long.valueOf(1).equals(replicaVersion(nik)));
		assertThat(get("/ops/residents/" + nik + "/sync-state").get("state").asText()).isEqualTo("ONLINE");
		java.sql.Timestamp appliedAt = replicatedAt(nik);
		// Sent to partner-sync's replay topic, on the record's partition, never to
		// nik-changes, which only the registry writes; applied from there.
		assertThat(allReplaysOf(id)).singleElement()
			.satisfies((replay) -> assertThat(replay.partition())
				.isEqualTo(letter.at("/deadLetter/originalPartition").asInt()));
		assertThat(replaysOn("nik-changes", id)).isEmpty();

		// A second request (a retry, a double click) sends no second copy.
		ResponseEntity<JsonNode> again = post("/ops/dead-letters/" + id + "/replay", Map.of("reason", "again"));
		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(again.getBody().get("status").asText()).isEqualTo("REPLAYED");
		assertThat(again.getBody().get("attempts").asInt()).isEqualTo(1);
		assertThat(allReplaysOf(id)).hasSize(1);
		assertThat(replicaVersion(nik)).isEqualTo(1);
		assertThat(replicatedAt(nik)).isEqualTo(appliedAt);
		// Its bytes are on the topic again: discarding it would say otherwise.
		ResponseEntity<JsonNode> discard = post("/ops/dead-letters/" + id + "/discard", Map.of("reason", "late"));
		assertThat(discard.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(discard.getBody().get("code").asText()).isEqualTo("DEAD_LETTER_REPLAYED");

		// the second request too, though it sent nothing
		assertThat(this.audit.forTarget("dead-letter:" + id)).extracting(OperatorAudit.Entry::action)
			.containsExactly("DEAD_LETTER_VIEW", "DEAD_LETTER_REPLAY", "DEAD_LETTER_REPLAY");
		assertThat(this.audit.forTarget("dead-letter:" + id)).extracting(OperatorAudit.Entry::details)
			.last()
			.asString()
			.isEqualTo("{\"sent\":false,\"status\":\"REPLAYED\"}");
		assertThat(this.audit.forTarget("dead-letter:" + id)).extracting(OperatorAudit.Entry::clientAddress)
			.containsOnly("127.0.0.1");
		assertThat(this.audit.forTarget("filter")).extracting(OperatorAudit.Entry::action)
			.contains("DEAD_LETTER_REPLAY_DRY_RUN");
		assertThat(this.audit.forTarget("dead-letter:" + id)).extracting(OperatorAudit.Entry::operator)
			.containsOnly(TestOperators.OPERATOR);
	}

	/**
	 * Headers are kept exactly (a NUL, bytes that are no UTF-8, a null value), shown, and
	 * sent again on replay without the dead-letter publisher's own; a replay that fails
	 * again becomes a new letter in the first one's replay chain.
	 */
	@Test
	void keepsEveryHeaderExactlyAndReplaysTheRecordsOwn() {
		String key = "3511014506900311";
		byte[] binary = { 0, (byte) 0xFF, 'a', 0, (byte) 0xC3 };
		ProducerRecord<String, byte[]> record = TestEventSigning
			.signed(new ProducerRecord<>("nik-changes", key, "garbage".getBytes()));
		record.headers().add("trace", binary).add("empty", null).add("note", "tanpa\u0000nul".getBytes());
		try (var producer = producer()) {
			producer.send(record);
		}
		long id = TestDeadLetters.awaitOne(this.http, key);

		JsonNode headers = get("/ops/dead-letters/" + id).get("headers");
		assertThat(header(headers, "trace").get("base64").asText())
			.isEqualTo(java.util.Base64.getEncoder().encodeToString(binary));
		assertThat(header(headers, "empty").has("bytes")).as("a null value has no bytes").isFalse();
		assertThat(header(headers, "empty").has("text") || header(headers, "empty").has("base64")).isFalse();
		assertThat(header(headers, "note").get("base64").asText()).isNotEmpty();
		assertThat(header(headers, DeadLetterHeaders.REASON).get("text").asText()).isEqualTo("DESERIALIZATION");
		assertThat(header(headers, "kafka_dlt-original-topic").get("text").asText()).isEqualTo("nik-changes");
		assertThat(header(headers, "kafka_dlt-original-offset").get("number").isNumber()).isTrue();

		post("/ops/dead-letters/" + id + "/replay", Map.of("reason", "header test"));
		ConsumerRecord<String, byte[]> replay = allReplaysOf(id).get(0);
		assertThat(replay.headers().lastHeader("trace").value()).isEqualTo(binary);
		assertThat(replay.headers().lastHeader("empty").value()).isNull();
		assertThat(replay.headers().lastHeader("note").value()).isEqualTo("tanpa\u0000nul".getBytes());
		assertThat(replay.headers()).extracting(Header::key)
			.noneMatch((name) -> name.startsWith("kafka_dlt-") || name.startsWith("niksync-dlt-"));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> get("/ops/dead-letters?nik=" + key).get("total").asLong() == 2);
		long next = get("/ops/dead-letters?nik=" + key).at("/items/0/id").asLong();
		JsonNode chain = get("/ops/dead-letters/" + next).get("replayChain");
		assertThat(chain).extracting((letter) -> letter.get("id").asLong()).containsExactly(id, next);
		assertThat(chain.get(1).get("replayOf").asLong()).isEqualTo(id);
		// where it failed again: the replay topic, at the partition the record always had
		JsonNode again = get("/ops/dead-letters/" + next).get("deadLetter");
		assertThat(again.get("originalTopic").asText()).isEqualTo("nik-changes-replays");
		assertThat(again.get("originalPartition").asInt())
			.isEqualTo(get("/ops/dead-letters/" + id).at("/deadLetter/originalPartition").asInt());
		assertThat(get("/ops/dead-letters/" + id).get("replayChain")).hasSize(2);
	}

	/**
	 * A pending letter the replica has overtaken (a newer change arrived) resolves
	 * itself; a letter that could not be read says nothing about versions and stays
	 * pending.
	 */
	@Test
	void aPendingLetterTheReplicaHasOvertakenIsSuperseded() {
		String nik = "3511014506900312";
		ProducerRecord<String, byte[]> letter = new ProducerRecord<>("nik-changes-dlt", nik,
				this.codec.encode(Residents.event(nik, 2)));
		letter.headers().add(DeadLetterHeaders.REASON, "UNCLASSIFIED".getBytes(StandardCharsets.UTF_8));
		try (var producer = producer()) {
			producer.send(letter);
		}
		long id = TestDeadLetters.awaitOne(this.http, nik);
		String unreadableNik = "3511014506900313";
		send(unreadableNik, "garbage".getBytes());
		long unreadable = TestDeadLetters.awaitOne(this.http, unreadableNik);
		assertThat(get("/ops/residents/" + nik + "/sync-state").get("state").asText()).isEqualTo("IN_DEAD_LETTER");

		send(nik, this.codec.encode(Residents.event(nik, 3)));
		send(unreadableNik, this.codec.encode(Residents.event(unreadableNik, 1)));

		await().atMost(Duration.ofSeconds(30)).until(() -> "SUPERSEDED".equals(TestDeadLetters.status(this.jdbc, id)));
		JsonNode state = get("/ops/residents/" + nik + "/sync-state");
		assertThat(state.get("state").asText()).isEqualTo("ONLINE");
		assertThat(state.at("/deadLetters/0/status").asText()).isEqualTo("SUPERSEDED");
		assertThat(state.at("/deadLetters/0/supersededByVersion").asLong()).isEqualTo(3);
		assertThat(TestDeadLetters.status(this.jdbc, unreadable)).isEqualTo("PENDING");
		assertThat(get("/ops/dead-letters?status=SUPERSEDED&nik=" + nik).get("total").asLong()).isEqualTo(1);
		// nothing left to decide: not discarded
		ResponseEntity<JsonNode> discard = post("/ops/dead-letters/" + id + "/discard", Map.of("reason", "tidy up"));
		assertThat(discard.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(discard.getBody().get("code").asText()).isEqualTo("DEAD_LETTER_SUPERSEDED");
		assertThat(TestDeadLetters.status(this.jdbc, id)).isEqualTo("SUPERSEDED");
		// Letters of earlier tests may still arrive or be superseded between the two
		// reads
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.deadLetters.pending().total())
				.isEqualTo(this.jdbc.sql("SELECT count(*) FROM dead_letter WHERE status = 'PENDING'")
					.query(Long.class)
					.single()));
	}

	/**
	 * A discard asks the replica itself, as a replay does: a pending letter the replica
	 * overtook since the last scheduled look is superseded then and refused, not
	 * discarded. The letter is written in the test's transaction, which the discard
	 * joins, so the scheduled supersession cannot see it first.
	 */
	@Test
	void aDiscardOfALetterTheReplicaOvertookSupersedesItInstead() {
		String nik = "3511014506900318";
		send(nik, this.codec.encode(Residents.event(nik, 3)));
		await().atMost(Duration.ofSeconds(20)).until(() -> Long.valueOf(3).equals(replicaVersion(nik)));

		this.transaction.executeWithoutResult((tx) -> {
			long id = this.jdbc.sql("""
					INSERT INTO dead_letter (reason_code, original_topic, original_partition, original_offset,
					    dlt_partition, dlt_offset, record_key, nik, event_version)
					VALUES ('UNCLASSIFIED', 'nik-changes', 0, 990318, 0, 990318, ?, ?, 2)
					RETURNING id""").params(nik, nik).query(Long.class).single();

			assertThatThrownBy(() -> this.replayer.discard(id, "operator", "tidy up"))
				.isInstanceOf(DeadLetterSupersededException.class);
			assertThat(this.jdbc.sql("SELECT status || ' ' || superseded_by_version FROM dead_letter WHERE id = ?")
				.param(id)
				.query(String.class)
				.single()).isEqualTo("SUPERSEDED 3");
			tx.setRollbackOnly();
		});
	}

	/**
	 * A lock held on the replica (an {@code ALTER TABLE}, a {@code VACUUM FULL}) holds
	 * neither an operator's replay, dry run or bulk replay nor the supersession, which
	 * runs on Spring's one scheduler thread, until it goes: each gives up once it has
	 * waited for the lock, with nothing sent, changed or audited (the bulk replay saying
	 * what it did not try), and all of them work once the lock is gone.
	 */
	@Test
	void replaysAndTheSupersessionStuckBehindALockOnTheReplicaGiveUp() throws Exception {
		String unreadableKey = "3511014506900331";
		send(unreadableKey, "garbage".getBytes());
		long unreadable = TestDeadLetters.awaitOne(this.http, unreadableKey);
		String nik = "3511014506900332";
		ProducerRecord<String, byte[]> letter = new ProducerRecord<>("nik-changes-dlt", nik,
				this.codec.encode(Residents.event(nik, 2)));
		letter.headers().add(DeadLetterHeaders.REASON, "UNCLASSIFIED".getBytes(StandardCharsets.UTF_8));
		try (var producer = producer()) {
			producer.send(letter);
		}
		long versioned = TestDeadLetters.awaitOne(this.http, nik);
		List<ResponseEntity<JsonNode>> refused = new java.util.ArrayList<>();
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url); Statement sql = owner.createStatement()) {
			owner.setAutoCommit(false);
			sql.execute("LOCK TABLE replica_resident IN ACCESS EXCLUSIVE MODE");
			// held far longer than any of them may wait: without the bound each waits for
			// the lock, and does not complete in time below
			refused.add(within30s(
					() -> post("/ops/dead-letters/" + unreadable + "/replay", Map.of("reason", "behind the lock"))));
			refused.add(within30s(() -> post("/ops/dead-letters/replay",
					Map.of("nik", nik, "dryRun", true, "reason", "behind the lock"))));
			refused.add(
					within30s(() -> post("/ops/dead-letters/replay", Map.of("nik", nik, "reason", "behind the lock"))));
			assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(this.supersession::supersede)
				.isInstanceOf(ReplicaReadTimedOutException.class));
			owner.rollback();
		}

		assertThat(refused).allSatisfy((answer) -> {
			assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(answer.getBody().path("code").asText()).isEqualTo("REPLICA_READ_TIMED_OUT");
			assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
		});
		JsonNode bulk = refused.get(2).getBody();
		assertThat(bulk.path("sent").isArray() && bulk.path("sent").isEmpty()).isTrue();
		assertThat(bulk.path("notTried").get(0).asLong()).isEqualTo(versioned);
		assertThat(bulk.path("notTried")).hasSize(1);
		assertThat(TestDeadLetters.status(this.jdbc, unreadable)).isEqualTo("PENDING");
		assertThat(TestDeadLetters.status(this.jdbc, versioned)).isEqualTo("PENDING");
		assertThat(this.audit.forTarget("dead-letter:" + unreadable)).isEmpty();
		assertThat(this.audit.forTarget("dead-letter:" + versioned)).isEmpty();

		assertThat(post("/ops/dead-letters/" + unreadable + "/replay", Map.of("reason", "the lock is gone"))
			.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(allReplaysOf(unreadable)).hasSize(1);
		send(nik, this.codec.encode(Residents.event(nik, 3)));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "SUPERSEDED".equals(TestDeadLetters.status(this.jdbc, versioned)));
	}

	/**
	 * A letter whose row other work holds (another replay of it waiting for Kafka's ack):
	 * a bulk replay waits for it at most the pool's lock_timeout, stops there and says
	 * what it sent and what it did not try.
	 */
	@Test
	void aBulkReplayMeetingALetterLockedByOtherWorkStopsThereAndSaysWhatItSent() throws Exception {
		String nik = "3511014506900341";
		send(nik, "garbage one".getBytes());
		send(nik, "garbage two".getBytes());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM dead_letter WHERE nik = ? AND replay_of IS NULL")
				.param(nik)
				.query(Long.class)
				.single() == 2);
		List<Long> letters = this.jdbc.sql("SELECT id FROM dead_letter WHERE nik = ? ORDER BY id")
			.param(nik)
			.query(Long.class)
			.list();
		long locked = letters.get(1);
		ResponseEntity<JsonNode> refused;
		ResponseEntity<JsonNode> second;
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url); Statement sql = owner.createStatement()) {
			owner.setAutoCommit(false);
			sql.execute("SELECT id FROM dead_letter WHERE id = " + locked + " FOR UPDATE");
			CompletableFuture<ResponseEntity<JsonNode>> first = CompletableFuture
				.supplyAsync(() -> post("/ops/dead-letters/replay", Map.of("nik", nik, "reason", "overlapping")));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.jdbc
					.sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
							+ " AND query LIKE '%dead_letter%'")
					.query(Long.class)
					.single() > 0);
			second = post("/ops/dead-letters/replay", Map.of("nik", nik, "dryRun", true, "reason", "at once"));
			refused = first.get(30, TimeUnit.SECONDS);
			owner.rollback();
		}

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getBody().path("code").asText()).isEqualTo("DATABASE_BUSY");
		assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
		// while it waited for the lock, a second bulk request on this instance was
		// refused: 14 at once took the pool from the partners' lookups (attack run)
		assertThat(second.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(second.getBody().path("code").asText()).isEqualTo("BULK_REPLAY_BUSY");
		assertThat(second.getHeaders().getFirst("Retry-After")).isEqualTo("5");
		List<Long> sent = new java.util.ArrayList<>();
		refused.getBody().path("sent").forEach((id) -> sent.add(id.asLong()));
		List<Long> notTried = new java.util.ArrayList<>();
		refused.getBody().path("notTried").forEach((id) -> notTried.add(id.asLong()));
		assertThat(notTried).first().isEqualTo(locked);
		assertThat(sent).doesNotContain(locked);
		assertThat(TestDeadLetters.status(this.jdbc, locked)).isEqualTo("PENDING");
		sent.forEach((id) -> assertThat(TestDeadLetters.status(this.jdbc, id)).isEqualTo("REPLAYED"));
	}

	private static <T> T within30s(java.util.function.Supplier<T> request) throws Exception {
		return CompletableFuture.supplyAsync(request).get(30, TimeUnit.SECONDS);
	}

	/**
	 * Every kind of record the store must keep (no key, no value, a NUL in the key, ~900
	 * KB, a header with NUL and non-UTF-8 bytes) is stored, and every route that shows or
	 * acts on a letter answers 2xx or 4xx for it, never 5xx.
	 */
	@Test
	void everyRouteAnswersForEveryKindOfStoredLetter() {
		String marker = "every-kind-" + System.nanoTime();
		byte[] large = new byte[900_000];
		new java.util.Random(7).nextBytes(large);
		List<ProducerRecord<String, byte[]>> records = List.of(
				new ProducerRecord<>("nik-changes-dlt", null, "no key".getBytes()),
				new ProducerRecord<>("nik-changes-dlt", "3511014506900314", null),
				new ProducerRecord<>("nik-changes-dlt", null, null),
				new ProducerRecord<>("nik-changes-dlt", "35\u0000" + marker, "nul in the key".getBytes()),
				new ProducerRecord<>("nik-changes-dlt", "3511014506900315", large),
				new ProducerRecord<>("nik-changes-dlt", "3511014506900316", "odd headers".getBytes()));
		records.get(5).headers().add("odd", new byte[] { 0, (byte) 0xFE, 0x1B }).add("none", null);
		records.forEach((record) -> record.headers().add("marker", marker.getBytes(StandardCharsets.UTF_8)));
		try (var producer = producer()) {
			records.forEach((record) -> {
				try {
					producer.send(record).get();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
		}
		java.util.function.Supplier<List<Long>> stored = () -> this.jdbc
			.sql("SELECT id FROM dead_letter WHERE position(? IN headers) > 0 ORDER BY id")
			.param(marker.getBytes(StandardCharsets.UTF_8))
			.query(Long.class)
			.list();
		await().atMost(Duration.ofSeconds(30)).until(() -> stored.get().size() == records.size());

		assertThat(TestOperators.asOperator(this.http)
			.getForEntity("/ops/dead-letters?size=500", JsonNode.class)
			.getStatusCode()
			.is2xxSuccessful()).isTrue();
		assertThat(TestOperators.asOperator(this.http)
			.getForEntity("/ops/sync-status", JsonNode.class)
			.getStatusCode()
			.is2xxSuccessful()).isTrue();
		List<Long> ids = stored.get();
		for (int i = 0; i < ids.size(); i++) {
			long id = ids.get(i);
			ResponseEntity<JsonNode> detail = TestOperators.asOperator(this.http)
				.getForEntity("/ops/dead-letters/" + id, JsonNode.class);
			assertThat(detail.getStatusCode()).as("detail of %d", id).isEqualTo(HttpStatus.OK);
			String nik = detail.getBody().at("/deadLetter/nik").asText(null);
			if (nik != null) {
				assertThat(TestOperators.asOperator(this.http)
					.getForEntity("/ops/residents/" + nik + "/sync-state", JsonNode.class)
					.getStatusCode()).isEqualTo(HttpStatus.OK);
			}
			String action = (i % 2 == 0) ? "replay" : "discard";
			ResponseEntity<JsonNode> acted = post("/ops/dead-letters/" + id + "/" + action,
					Map.of("reason", "every kind"));
			// these letters were written to the DLT without the registry's signature: a
			// replay is refused, nothing else
			assertThat(acted.getStatusCode().is2xxSuccessful()
					|| action.equals("replay") && acted.getStatusCode() == HttpStatus.CONFLICT
							&& "DEAD_LETTER_NOT_REPLAYABLE".equals(acted.getBody().path("code").asText()))
				.as("%s of %d: %s", action, id, acted.getBody())
				.isTrue();
			ResponseEntity<JsonNode> again = post("/ops/dead-letters/" + id + "/" + action,
					Map.of("reason", "every kind, again"));
			assertThat(again.getStatusCode().is5xxServerError()).as("%s of %d again", action, id).isFalse();
		}
	}

	private static JsonNode header(JsonNode headers, String name) {
		for (JsonNode header : headers) {
			if (header.get("name").asText().equals(name)) {
				return header;
			}
		}
		throw new AssertionError("no header " + name + " in " + headers);
	}

	@Test
	void discardsWithAReasonAndRefusesToReplayADiscardedLetter() throws Exception {
		String key = "3511014506900303";
		send(key, "garbage".getBytes());
		long id = TestDeadLetters.awaitOne(this.http, key);

		assertThat(post("/ops/dead-letters/" + id + "/discard", Map.of()).getBody().get("code").asText())
			.isEqualTo("REASON_REQUIRED");
		ResponseEntity<JsonNode> discarded = post("/ops/dead-letters/" + id + "/discard",
				Map.of("reason", "test garbage"));
		assertThat(discarded.getBody().get("status").asText()).isEqualTo("DISCARDED");

		ResponseEntity<JsonNode> replay = post("/ops/dead-letters/" + id + "/replay", Map.of("reason", "try again"));
		assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(replay.getBody().get("code").asText()).isEqualTo("DEAD_LETTER_DISCARDED");
		assertThat(this.audit.forTarget("dead-letter:" + id)).extracting(OperatorAudit.Entry::reason)
			.containsExactly("test garbage");
	}

	@Test
	void everyActionNeedsAReason() {
		String key = "3511014506900307";
		send(key, "garbage".getBytes());
		long id = TestDeadLetters.awaitOne(this.http, key);

		assertThat(post("/ops/dead-letters/" + id + "/replay", Map.of()).getBody().get("code").asText())
			.isEqualTo("REASON_REQUIRED");
		assertThat(post("/ops/dead-letters/" + id + "/replay", Map.of("reason", " ")).getBody().get("code").asText())
			.isEqualTo("REASON_REQUIRED");
		assertThat(post("/ops/dead-letters/replay", Map.of("nik", key)).getBody().get("code").asText())
			.isEqualTo("REASON_REQUIRED");
		// The shape before reasonCode: its reason would be taken for the operator's
		// reason, and the filter would select every pending letter.
		ResponseEntity<JsonNode> renamed = post("/ops/dead-letters/replay",
				Map.of("reason", "DESERIALIZATION", "nik", key, "why", "old client"));
		assertThat(renamed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(renamed.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");

		assertThat(TestDeadLetters.status(this.jdbc, id)).isEqualTo("PENDING");
		assertThat(this.audit.forTarget("dead-letter:" + id)).isEmpty();
	}

	/**
	 * The audit row is written before the replay is published, in the transaction that
	 * marks it replayed: when the row cannot be written, nothing reaches Kafka.
	 */
	@Test
	void publishesNothingWhenTheAuditRowCannotBeWritten() throws SQLException {
		String key = "3511014506900308";
		send(key, "garbage".getBytes());
		long id = TestDeadLetters.awaitOne(this.http, key);
		ResponseEntity<JsonNode> failed;
		// The service's role may not create triggers; the schema owner may.
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url); Statement sql = owner.createStatement()) {
			sql.execute(
					"""
							CREATE FUNCTION refuse_audit_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
							BEGIN
							    IF NEW.reason = 'the audit write fails' THEN RAISE EXCEPTION 'audit refused by the test'; END IF;
							    RETURN NEW;
							END $$""");
			sql.execute("""
					CREATE TRIGGER refuse_audit_for_test BEFORE INSERT ON operator_audit
					    FOR EACH ROW EXECUTE FUNCTION refuse_audit_for_test()""");
			try {
				failed = post("/ops/dead-letters/" + id + "/replay", Map.of("reason", "the audit write fails"));
			}
			finally {
				sql.execute("DROP TRIGGER refuse_audit_for_test ON operator_audit");
				sql.execute("DROP FUNCTION refuse_audit_for_test()");
			}
		}
		assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(TestDeadLetters.status(this.jdbc, id)).isEqualTo("PENDING");
		assertThat(this.audit.forTarget("dead-letter:" + id)).isEmpty();

		assertThat(
				post("/ops/dead-letters/" + id + "/replay", Map.of("reason", "the audit write works")).getStatusCode())
			.isEqualTo(HttpStatus.OK);

		// Same key, same partition: a replay published by the failed request would come
		// before the one that worked.
		assertThat(allReplaysOf(id)).hasSize(1);
	}

	/**
	 * PostgreSQL text cannot hold a NUL byte: such a key once made the store retry its
	 * letter (and every later one on the DLT partition) for ever.
	 */
	@Test
	void storesALetterWhoseKeyTextCannotHoldAndReplaysItsExactKey() {
		String key = "3511\u0000nul-key-" + System.nanoTime();
		byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
		send(key, "garbage with a NUL key".getBytes());
		send("3511014506900310", "garbage after it".getBytes());

		long after = TestDeadLetters.awaitOne(this.http, "3511014506900310");
		Long id = this.jdbc.sql("SELECT id FROM dead_letter WHERE record_key_bytes = ?")
			.param(keyBytes)
			.query(Long.class)
			.optional()
			.orElse(null);
		assertThat(id).as("the letter with the NUL key").isNotNull();
		assertThat(after).isNotEqualTo(id);
		assertThat(
				this.jdbc.sql("SELECT record_key FROM dead_letter WHERE id = ?").param(id).query(String.class).single())
			.startsWith("3511\uFFFDnul-key-");
		assertThat(get("/ops/dead-letters/" + id).at("/deadLetter/id").asLong()).isEqualTo(id);

		assertThat(post("/ops/dead-letters/" + id + "/replay", Map.of("reason", "NUL key test")).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		assertThat(allReplaysOf(id)).singleElement().satisfies((replay) -> assertThat(replay.key()).isEqualTo(key));
	}

	/**
	 * A key that is no UTF-8 at all keeps its exact bytes through the dead-letter topic,
	 * the store and a replay.
	 */
	@Test
	void keepsAndReplaysTheExactBytesOfAKeyThatIsNoUtf8() {
		byte[] key = { '3', '5', (byte) 0xFF, (byte) 0xFE, 0, (byte) 0xC3, (byte) 0x28, (byte) System.nanoTime() };
		try (Producer<byte[], byte[]> producer = new DefaultKafkaProducerFactory<>(
				KafkaTestUtils.producerProps(this.broker), new ByteArraySerializer(), new ByteArraySerializer())
			.createProducer()) {
			producer.send(TestEventSigning
				.signedRaw(new ProducerRecord<>("nik-changes", key, "garbage under an odd key".getBytes())));
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM dead_letter WHERE record_key_bytes = ?")
				.param(key)
				.query(Long.class)
				.single() == 1);
		long id = this.jdbc.sql("SELECT id FROM dead_letter WHERE record_key_bytes = ?")
			.param(key)
			.query(Long.class)
			.single();
		assertThat(get("/ops/dead-letters/" + id).get("recordKey").asText()).startsWith("35\uFFFD");
		// the bytes the text cannot show, for an operator
		assertThat(get("/ops/dead-letters/" + id).get("recordKeyHex").asText())
			.isEqualTo(java.util.HexFormat.of().formatHex(key));
		// Its signature over the key's exact bytes held: it failed for its value.
		assertThat(get("/ops/dead-letters/" + id).at("/deadLetter/reasonCode").asText()).isEqualTo("DESERIALIZATION");

		post("/ops/dead-letters/" + id + "/replay", Map.of("reason", "odd key"));

		Map<String, Object> props = KafkaTestUtils.consumerProps("odd-key-" + id, "false", this.broker);
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (Consumer<byte[], byte[]> consumer = new DefaultKafkaConsumerFactory<>(props, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			consumer.subscribe(List.of("nik-changes-replays"));
			List<byte[]> replayedKeys = new java.util.ArrayList<>();
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					Header replayOf = record.headers().lastHeader(DeadLetterHeaders.REPLAY_OF);
					if (replayOf != null
							&& new String(replayOf.value(), StandardCharsets.UTF_8).equals(Long.toString(id))) {
						replayedKeys.add(record.key());
					}
				}
				return !replayedKeys.isEmpty();
			});
			assertThat(replayedKeys.get(0)).isEqualTo(key);
		}
	}

	@Test
	void viewingADecodedDeadLetterOrASyncStateIsAudited() {
		String key = "3511014506900309";
		send(key, "garbage".getBytes());
		long id = TestDeadLetters.awaitOne(this.http, key);

		get("/ops/dead-letters/" + id);
		get("/ops/residents/" + key + "/sync-state");

		assertThat(this.audit.forTarget("dead-letter:" + id)).singleElement().satisfies((entry) -> {
			assertThat(entry.action()).isEqualTo("DEAD_LETTER_VIEW");
			assertThat(entry.operator()).isEqualTo(TestOperators.OPERATOR);
			assertThat(entry.clientAddress()).isEqualTo("127.0.0.1");
		});
		assertThat(this.audit.forTarget("resident:" + key)).singleElement().satisfies((entry) -> {
			assertThat(entry.action()).isEqualTo("SYNC_STATE_VIEW");
			assertThat(entry.operator()).isEqualTo(TestOperators.OPERATOR);
			assertThat(entry.clientAddress()).isEqualTo("127.0.0.1");
		});
	}

	@Test
	void listsDeadLettersByFilterAndPage() throws Exception {
		String key = "3511014506900304";
		send(key, "bad-1".getBytes());
		send(key, "bad-2".getBytes());
		await().atMost(Duration.ofSeconds(20))
			.until(() -> get("/ops/dead-letters?nik=" + key).get("total").asLong() == 2);

		JsonNode page = get(
				"/ops/dead-letters?nik=" + key + "&reasonCode=DESERIALIZATION&status=PENDING&size=1&page=1");

		assertThat(page.get("total").asLong()).isEqualTo(2);
		assertThat(page.get("items")).hasSize(1);
		assertThat(get("/ops/dead-letters?nik=" + key + "&reasonCode=INVALID_NIK").get("total").asLong()).isZero();
	}

	@Test
	void refusesANikFilterThatIsNoDigitsAndIgnoresAForgedReplayHeader() {
		ResponseEntity<JsonNode> nul = TestOperators.asOperator(this.http)
			.getForEntity(java.net.URI.create("/ops/dead-letters?nik=a%00b"), JsonNode.class);
		assertThat(nul.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(nul.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		assertThat(post("/ops/dead-letters/replay", Map.of("nik", "\u0000", "dryRun", true, "reason", "x"))
			.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

		String key = "3511014506900317";
		ProducerRecord<String, byte[]> forged = TestEventSigning
			.signed(new ProducerRecord<>("nik-changes", key, "garbage".getBytes()));
		forged.headers().add(DeadLetterHeaders.REPLAY_OF, "999999".getBytes(StandardCharsets.UTF_8));
		try (var producer = producer()) {
			producer.send(forged);
		}
		long id = TestDeadLetters.awaitOne(this.http, key);
		JsonNode letter = get("/ops/dead-letters/" + id).get("deadLetter");
		assertThat(letter.has("replayOf")).as("no chain to a letter that was never replayed").isFalse();
		assertThat(letter.get("nik").asText()).as("stored in full, not in minimal form").isEqualTo(key);
	}

	@Test
	void refusesAReasonFilterThatIsNoReasonCode() {
		ResponseEntity<JsonNode> list = TestOperators.asOperator(this.http)
			.getForEntity("/ops/dead-letters?reasonCode=NOT_A_REASON", JsonNode.class);
		ResponseEntity<JsonNode> replay = post("/ops/dead-letters/replay",
				Map.of("reasonCode", "NOT_A_REASON", "dryRun", true, "reason", "typo"));

		assertThat(list.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(list.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(replay.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
	}

	@Test
	void storesARecordWhoseReasonItDoesNotKnowAsUnclassified() {
		String key = "3511014506900305";
		ProducerRecord<String, byte[]> record = new ProducerRecord<>("nik-changes-dlt", key, "bytes".getBytes());
		record.headers().add(DeadLetterHeaders.REASON, "A_REASON_OF_LATER".getBytes(StandardCharsets.UTF_8));
		try (var producer = producer()) {
			producer.send(record);
		}

		long id = TestDeadLetters.awaitOne(this.http, key);

		assertThat(get("/ops/dead-letters/" + id).at("/deadLetter/reasonCode").asText()).isEqualTo("UNCLASSIFIED");
		assertThat(this.jdbc.sql("SELECT reason_code FROM dead_letter WHERE id = ?")
			.param(id)
			.query(String.class)
			.single()).isEqualTo("UNCLASSIFIED");
	}

	/**
	 * A tombstone or a record without a key: the detail view answers, it does not fail.
	 */
	/**
	 * Whoever writes the dead-letter topic chooses a letter's original-topic header: a
	 * line break, a full NIK or megabytes in it went into the log line that records the
	 * letter as they came.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aLettersOriginalTopicIsLoggedOnlyAsATopicName(CapturedOutput output) {
		String forged = "nik-changes\n2026-12-06T08:00:00.000Z ERROR FORGED LOG LINE 3511014506900338\n"
				+ "x".repeat(100_000);
		ConsumerRecord<String, byte[]> letter = new ConsumerRecord<>("nik-changes-dlt", 0,
				Long.MAX_VALUE - System.nanoTime(), "3511014506900338", "garbage".getBytes());
		letter.headers()
			.add(DeadLetterHeaders.REASON, "DESERIALIZATION".getBytes(StandardCharsets.UTF_8))
			.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, forged.getBytes(StandardCharsets.UTF_8))
			.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(990331).array());

		assertThat(this.store.record(letter)).isTrue();

		assertThat(output.getAll()).contains("from (not a topic name, ", " characters)-0@990331")
			.doesNotContain("FORGED LOG LINE")
			.doesNotContain("3511014506900338")
			.doesNotContain("xxxxxxxxxx");
		assertThat(DeadLetterStore.topicForLog("nik-changes")).isEqualTo("nik-changes");
		assertThat(DeadLetterStore.topicForLog("t3511014506900331")).isEqualTo("t3511********0331");
	}

	/**
	 * A letter is stored once per original record: a letter written to the dead-letter
	 * topic ahead of time, with the coordinates a record would get, hid that record's own
	 * letter when it came (attack run 2026-12-06). Now both are kept, the operators are
	 * told, and the record's own letter delivered twice is still stored once.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aLetterPlantedAheadOfARecordDoesNotHideTheRecordsOwn(CapturedOutput output) {
		String nik = "3511014506900339";
		ConsumerRecord<String, byte[]> planted = letterFrom(990339, nik, "planted", "DESERIALIZATION");
		ConsumerRecord<String, byte[]> own = letterFrom(990339, nik, "the record's own", "DESERIALIZATION");
		// the same record failing again: Spring's headers differ, the letter is the same
		ConsumerRecord<String, byte[]> ownAgain = letterFrom(990339, nik, "the record's own", "DESERIALIZATION");
		ownAgain.headers()
			.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, "failed again".getBytes(StandardCharsets.UTF_8))
			.add(KafkaHeaders.DLT_EXCEPTION_STACKTRACE, "at somewhere else".getBytes(StandardCharsets.UTF_8));
		// the record's bytes copied, under another reason, another header or without a
		// key
		ConsumerRecord<String, byte[]> otherReason = letterFrom(990339, nik, "the record's own", "UNCLASSIFIED");
		ConsumerRecord<String, byte[]> otherHeader = letterFrom(990339, nik, "the record's own", "DESERIALIZATION");
		otherHeader.headers().add("niksync-signature", new byte[64]);
		ConsumerRecord<String, byte[]> withoutKey = letterFrom(990339, null, "the record's own", "DESERIALIZATION");

		assertThat(this.store.record(planted)).isTrue();
		assertThat(output.getAll()).doesNotContain("names the same original record");
		assertThat(this.store.record(own)).isTrue();
		assertThat(this.store.record(ownAgain)).as("the same record dead-lettered twice").isFalse();
		assertThat(this.store.record(otherReason)).isTrue();
		assertThat(this.store.record(otherHeader)).isTrue();
		assertThat(this.store.record(withoutKey)).isTrue();

		assertThat(this.jdbc
			.sql("SELECT reason_code || ' ' || convert_from(payload, 'UTF8') FROM dead_letter"
					+ " WHERE original_topic = 'nik-changes' AND original_partition = 0 AND original_offset = 990339"
					+ " ORDER BY id")
			.query(String.class)
			.list()).containsExactly("DESERIALIZATION planted", "DESERIALIZATION the record's own",
					"UNCLASSIFIED the record's own", "DESERIALIZATION the record's own",
					"DESERIALIZATION the record's own");
		assertThat(get("/ops/dead-letters?nik=" + nik).path("items")).hasSize(4);
		assertThat(output.getAll())
			.contains("names the same original record nik-changes-0@990339 as 1 letter(s) stored before it")
			.contains("names the same original record nik-changes-0@990339 as 4 letter(s) stored before it")
			.doesNotContain(nik);
	}

	/**
	 * A transaction someone left open on the dead-letter topic held every letter after it
	 * unseen (the store read committed records only) until the broker ended it, up to 15
	 * minutes (attack run 2026-12-06).
	 */
	@Test
	void aTransactionLeftOpenOnTheDeadLetterTopicHidesNoLetter() {
		String nik = "3511014506900342";
		try (Producer<String, byte[]> foreign = ForeignTransactions.producer(this.broker)) {
			foreign.beginTransaction();
			try {
				for (int p = 0; p < 3; p++) {
					foreign.send(new ProducerRecord<>("nik-changes-dlt", p, "3511014506900343", "open".getBytes()));
				}
				foreign.flush();
				try (var producer = producer()) {
					for (int p = 0; p < 3; p++) {
						producer.send(new ProducerRecord<>("nik-changes", p, nik, ("unsigned " + p).getBytes()));
					}
				}

				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(get("/ops/dead-letters?nik=" + nik).path("items")).hasSize(3));
			}
			finally {
				foreign.abortTransaction();
			}
		}
	}

	/**
	 * A letter's key, value and headers are stored up to 1 MB each: partner-sync sends no
	 * larger, and 50 MB of zeros written by someone else were stored whole and answered
	 * as 67 MB by the detail view (attack run 2026-12-06).
	 */
	@Test
	void aLetterLargerThanPartnerSyncSendsIsStoredWithoutWhatIsTooLarge() {
		String nik = "3511014506900344";
		ConsumerRecord<String, byte[]> huge = letterFrom(990344, nik, "", "DESERIALIZATION");
		ConsumerRecord<String, byte[]> large = new ConsumerRecord<>(huge.topic(), huge.partition(), huge.offset(),
				huge.key(), new byte[DeadLetterStore.KEPT_AT_MOST + 1]);
		huge.headers().forEach((header) -> large.headers().add(header));
		large.headers().add("padding", new byte[DeadLetterStore.KEPT_AT_MOST]);
		ConsumerRecord<String, byte[]> justFits = letterFrom(990345, nik, "", "DESERIALIZATION");
		ConsumerRecord<String, byte[]> fits = new ConsumerRecord<>(justFits.topic(), justFits.partition(),
				justFits.offset(), justFits.key(), new byte[DeadLetterStore.KEPT_AT_MOST]);
		justFits.headers().forEach((header) -> fits.headers().add(header));

		ConsumerRecord<String, byte[]> hugeKey = letterFrom(990346, "3".repeat(DeadLetterStore.KEPT_AT_MOST + 1), "",
				"DESERIALIZATION");

		assertThat(this.store.record(large)).isTrue();
		assertThat(this.store.record(fits)).isTrue();
		assertThat(this.store.record(hugeKey)).isTrue();

		Map<String, Object> stored = this.jdbc
			.sql("SELECT record_key_bytes IS NULL AS without_key, length(payload) AS payload, headers IS NULL AS"
					+ " without_headers, exception_message FROM dead_letter WHERE original_offset = 990344")
			.query()
			.singleRow();
		assertThat(stored.get("without_key")).isEqualTo(false);
		assertThat(stored.get("payload")).isNull();
		assertThat(stored.get("without_headers")).isEqualTo(true);
		assertThat((String) stored.get("exception_message")).isEqualTo("payload of 1048577 bytes, headers of "
				+ "1048760 bytes not stored: over 1048576 bytes, more than a letter partner-sync sends");
		assertThat(this.jdbc.sql("SELECT length(payload) FROM dead_letter WHERE original_offset = 990345")
			.query(Integer.class)
			.single()).isEqualTo(DeadLetterStore.KEPT_AT_MOST);
		// no part of the key kept as if it were the key: a replay would be built with it
		assertThat(this.jdbc
			.sql("SELECT coalesce(record_key, 'none') || ' ' || (record_key_bytes IS NULL) || ' ' || exception_message"
					+ " FROM dead_letter WHERE original_offset = 990346")
			.query(String.class)
			.single())
			.isEqualTo("none true key of 1048577 bytes not stored: over 1048576 bytes, more than a letter"
					+ " partner-sync sends");
	}

	/**
	 * Letters stored before content digests were unique by their origin alone: the group
	 * reading the topic again must not store each of them a second time.
	 */
	@Test
	void aLetterStoredBeforeContentDigestsIsNotStoredAgain() {
		this.jdbc.sql("""
				INSERT INTO dead_letter (reason_code, original_topic, original_partition, original_offset,
				    dlt_partition, dlt_offset, record_key, payload)
				VALUES ('DESERIALIZATION', 'nik-changes', 0, 990347, 0, 990347, '3511014506900347', 'before')""")
			.update();

		assertThat(this.store.record(letterFrom(990347, "3511014506900347", "before", "DESERIALIZATION"))).isFalse();
		assertThat(this.jdbc.sql("SELECT count(*) FROM dead_letter WHERE original_offset = 990347")
			.query(Long.class)
			.single()).isOne();
	}

	private static ConsumerRecord<String, byte[]> letterFrom(long originalOffset, String key, String value,
			String reason) {
		ConsumerRecord<String, byte[]> letter = new ConsumerRecord<>("nik-changes-dlt", 0,
				Long.MAX_VALUE - System.nanoTime(), key, value.getBytes(StandardCharsets.UTF_8));
		letter.headers()
			.add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8))
			.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, "nik-changes".getBytes(StandardCharsets.UTF_8))
			.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(0).array())
			.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(originalOffset).array());
		return letter;
	}

	@Test
	void showsADeadLetterWithoutKeyOrPayload() {
		long id = this.jdbc.sql("""
				INSERT INTO dead_letter (reason_code, original_topic, original_partition, original_offset,
				    dlt_partition, dlt_offset, record_key, payload)
				VALUES ('DESERIALIZATION', 'nik-changes', 0, 990307, 0, 990307, NULL, NULL) RETURNING id""")
			.query(Long.class)
			.single();

		ResponseEntity<JsonNode> detail = TestOperators.asOperator(this.http)
			.getForEntity("/ops/dead-letters/" + id, JsonNode.class);

		assertThat(detail.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(detail.getBody().path("recordKey").isTextual()).as("no key").isFalse();
		assertThat(detail.getBody().at("/payload/bytes").asInt()).isZero();
		assertThat(detail.getBody().at("/payload/decodeError").asText()).isNotEmpty();
	}

	@Test
	void readsARowWhoseReasonThisVersionDoesNotKnowAsUnclassified() {
		String nik = "3511014506900306";
		this.jdbc.sql("""
				INSERT INTO dead_letter (reason_code, original_topic, original_partition, original_offset,
				    dlt_partition, dlt_offset, record_key, nik)
				VALUES ('RETIRED_REASON', 'nik-changes', 0, 990306, 0, 990306, ?, ?)""").params(nik, nik).update();

		assertThat(get("/ops/dead-letters?nik=" + nik).at("/items/0/reasonCode").asText()).isEqualTo("UNCLASSIFIED");
		assertThat(get("/ops/residents/" + nik + "/sync-state").at("/deadLetters/0/reasonCode").asText())
			.isEqualTo("UNCLASSIFIED");
		assertThat(this.deadLetters.pending().byReason()).containsKey(DeadLetterReason.UNCLASSIFIED)
			.doesNotContainKey(null);
	}

	@Test
	void refusesAnActionWithoutASignedInOperator() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set("X-Operator", "siti.operator");
		ResponseEntity<JsonNode> refused = this.http.exchange("/ops/dead-letters/1/replay", HttpMethod.POST,
				new HttpEntity<>(Map.of(), headers), JsonNode.class);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("UNAUTHENTICATED");
	}

	/**
	 * Every record on the replay topic that replays dead letter {@code id}: the topic
	 * read to its end as it was when this was called.
	 */
	private List<ConsumerRecord<String, byte[]>> allReplaysOf(long id) {
		return replaysOn("nik-changes-replays", id);
	}

	private List<ConsumerRecord<String, byte[]>> replaysOn(String topic, long id) {
		Map<String, Object> props = KafkaTestUtils.consumerProps("replays-of-" + id + "-on-" + topic, "false",
				this.broker);
		List<ConsumerRecord<String, byte[]>> replays = new java.util.ArrayList<>();
		try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((p) -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					Header replayOf = record.headers().lastHeader(DeadLetterHeaders.REPLAY_OF);
					if (replayOf != null
							&& new String(replayOf.value(), StandardCharsets.UTF_8).equals(Long.toString(id))) {
						replays.add(record);
					}
				}
				return partitions.stream().allMatch((p) -> consumer.position(p) >= ends.get(p));
			});
		}
		return replays;
	}

	private Long replicaVersion(String nik) {
		return this.jdbc.sql("SELECT version FROM replica_resident WHERE nik = ?")
			.param(nik)
			.query(Long.class)
			.optional()
			.orElse(null);
	}

	private java.sql.Timestamp replicatedAt(String nik) {
		return this.jdbc.sql("SELECT replicated_at FROM replica_resident WHERE nik = ?")
			.param(nik)
			.query(java.sql.Timestamp.class)
			.single();
	}

	private double stale() {
		return this.meters.counter("niksync.ingest.events", "outcome", "stale").count();
	}

	private JsonNode get(String path) {
		return TestOperators.asOperator(this.http).getForObject(path, JsonNode.class);
	}

	private ResponseEntity<JsonNode> post(String path, Object body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return TestOperators.asOperator(this.http)
			.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
	}

	private void send(String key, byte[] value) {
		try (var producer = producer()) {
			producer.send(TestEventSigning.signed(new ProducerRecord<>("nik-changes", key, value)));
		}
	}

	private Producer<String, byte[]> producer() {
		return new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(this.broker), new StringSerializer(),
				new ByteArraySerializer())
			.createProducer();
	}

	/**
	 * A compatible future version: the latest plus an optional field, as a producer might
	 * publish first.
	 */
	private static Schema futureSchema() {
		String latest = PublishedSchemas.latest().toString();
		return new Schema.Parser().parse(latest.replaceFirst("\"fields\":\\[",
				"\"fields\":[{\"name\":\"channel\",\"type\":[\"null\",\"string\"],\"default\":null},"));
	}

	private static byte[] encodeWith(Schema writer, NikChanged event) throws IOException {
		SpecificData model = new SpecificData();
		model.addLogicalTypeConversion(new TimeConversions.DateConversion());
		model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
		GenericRecord record = new GenericData.Record(writer);
		for (Schema.Field field : NikChanged.getClassSchema().getFields()) {
			record.put(field.name(), event.get(field.name()));
		}
		record.put("channel", "dukcapil-v3");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new BinaryMessageEncoder<GenericRecord>(model, writer).encode(record, out);
		return out.toByteArray();
	}

}
