package id.niksync.sync.ingest;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.sync.ForeignTransactions;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.replica.ReplicaReadTimedOutException;
import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.testsupport.Residents;
import id.niksync.testsupport.TestEventSigning;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * A wiped replica rebuilds itself from {@code nik-changes}, an operator's rebuild brings
 * back what a partial loss took, and the verdict says REBUILDING while one runs. Real
 * broker, real PostgreSQL.
 */
@SyncIntegrationTest
// A context of its own: closed when the class ends, not kept (with its broker,
// consumers and schedules running) until the whole suite ends.
@DirtiesContext
// The emptiness check and the verdict's samples every second, not every 5 s: the
// tests wait for both.
@TestPropertySource(properties = { "niksync.registry.base-url=http://127.0.0.1:9", "niksync.rebuild.check-interval=1s",
		"niksync.lag.sample-interval=1s" })
class RebuildIntegrationTests {

	private static final String ROWS = "SELECT nik, version, full_name, kk_number, occupation FROM replica_resident"
			+ " WHERE nik LIKE '3519%' ORDER BY nik";

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestRestTemplate http;

	@Autowired
	ReplicaRebuilder rebuilder;

	@Value("${spring.datasource.url}")
	String url;

	private final NikChangedCodec codec = new NikChangedCodec();

	private KafkaTemplate<String, byte[]> template;

	@Test
	void aWipedReplicaRebuildsItselfFromTheTopicToTheSameContent() throws Exception {
		// Several versions of each NIK, so the rebuild must end at the newest one.
		for (int version = 1; version <= 3; version++) {
			for (int i = 0; i < 200; i++) {
				publish(Residents.event(nik(i), version));
			}
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM replica_resident WHERE nik LIKE '3519%' AND version = 3")
				.query(Long.class)
				.single() == 200);
		List<Map<String, Object>> before = this.jdbc.sql(ROWS).query().listOfRows();
		long rebuildsBefore = rebuilds();

		ownerSql("TRUNCATE replica_resident");

		await().atMost(Duration.ofSeconds(60)).until(() -> rebuilds() > rebuildsBefore);
		JsonNode rebuild = await().atMost(Duration.ofSeconds(60))
			.until(() -> TestOperators.asOperator(this.http)
				.getForObject("/ops/replica/rebuilds/latest", JsonNode.class),
					(r) -> !"RUNNING".equals(r.at("/status").asText()));
		assertThat(rebuild.at("/status").asText()).isEqualTo("COMPLETED");
		assertThat(rebuild.at("/trigger").asText()).isEqualTo("EMPTY_REPLICA");
		assertThat(rebuild.at("/requestedBy").asText()).isEqualTo("system");
		assertThat(rebuild.at("/recordsRead").asLong()).isGreaterThanOrEqualTo(600);
		assertThat(rebuild.at("/percent").asDouble()).isEqualTo(100.0);
		assertThat(this.jdbc.sql(ROWS).query().listOfRows()).isEqualTo(before);

		// Emptied again right after: rebuilt again, not held back as "just rebuilt".
		ownerSql("TRUNCATE replica_resident");
		await().atMost(Duration.ofSeconds(60)).until(() -> rebuilds() > rebuildsBefore + 1);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> TestOperators.asOperator(this.http)
				.getForObject("/ops/replica/rebuilds/latest", JsonNode.class),
					(r) -> "COMPLETED".equals(r.at("/status").asText()));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.jdbc.sql(ROWS).query().listOfRows().equals(before));
	}

	/**
	 * Behind a lock on the replica (an {@code ALTER TABLE}, a {@code VACUUM FULL}) the
	 * check whether the replica is empty gives up after its timeout instead of holding
	 * the rebuilder's thread and a connection for the lock's duration.
	 */
	@Test
	void theEmptinessCheckStuckBehindALockOnTheReplicaGivesUp() throws Exception {
		publish(Residents.event(nik(500), 1));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM replica_resident WHERE nik = ?")
				.param(nik(500))
				.query(Long.class)
				.single() == 1);
		// the check runs only once the group has committed what it consumed
		await().atMost(Duration.ofSeconds(30)).until(() -> this.rebuilder.topicState().consumed() > 0);
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url); Statement sql = owner.createStatement()) {
			owner.setAutoCommit(false);
			sql.execute("LOCK TABLE replica_resident IN ACCESS EXCLUSIVE MODE");
			// held far longer than the check may wait: without the timeout it waits for
			// the lock, past the preemptive timeout
			Throwable gaveUp = assertTimeoutPreemptively(Duration.ofSeconds(30),
					() -> catchThrowable(this.rebuilder::startIfNeeded));
			owner.rollback();
			assertThat(gaveUp).isInstanceOf(ReplicaReadTimedOutException.class);
		}
		assertThat(this.rebuilder.startIfNeeded()).isFalse();
	}

	@Test
	void anOperatorsRebuildIsAuditedAndBringsBackWhatAPartialLossTook() throws Exception {
		for (int i = 300; i < 340; i++) {
			publish(Residents.event(nik(i), 1));
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM replica_resident WHERE nik BETWEEN ? AND ?")
				.params(nik(300), nik(339))
				.query(Long.class)
				.single() == 40);
		ownerSql("DELETE FROM replica_resident WHERE nik BETWEEN '" + nik(300) + "' AND '" + nik(319) + "'");

		ResponseEntity<JsonNode> refused = TestOperators.asOperator(this.http)
			.postForEntity("/ops/replica/rebuilds", Map.of(), JsonNode.class);
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().at("/code").asText()).isEqualTo("REASON_REQUIRED");

		ResponseEntity<JsonNode> started = TestOperators.asOperator(this.http)
			.postForEntity("/ops/replica/rebuilds", Map.of("reason", "20 residents lost in a restore"), JsonNode.class);
		assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		long id = started.getBody().at("/id").asLong();
		assertThat(started.getHeaders().getLocation()).hasToString("/ops/replica/rebuilds/" + id);

		JsonNode done = await().atMost(Duration.ofSeconds(60))
			.until(() -> TestOperators.asOperator(this.http)
				.getForObject("/ops/replica/rebuilds/" + id, JsonNode.class),
					(r) -> !"RUNNING".equals(r.at("/status").asText()));
		assertThat(done.at("/status").asText()).isEqualTo("COMPLETED");
		assertThat(done.at("/trigger").asText()).isEqualTo("OPERATOR");
		assertThat(done.at("/requestedBy").asText()).isEqualTo(TestOperators.OPERATOR);
		assertThat(done.at("/recordsApplied").asLong()).isGreaterThanOrEqualTo(20);
		assertThat(this.jdbc.sql("SELECT count(*) FROM replica_resident WHERE nik BETWEEN ? AND ?")
			.params(nik(300), nik(339))
			.query(Long.class)
			.single()).isEqualTo(40);
		assertThat(this.jdbc
			.sql("SELECT operator, reason FROM operator_audit WHERE action = 'REBUILD_REPLICA' AND target = ?")
			.param("rebuild:" + id)
			.query((rs, n) -> rs.getString(1) + "|" + rs.getString(2))
			.list()).containsExactly(TestOperators.OPERATOR + "|20 residents lost in a restore");
	}

	@Test
	void whileARebuildRunsTheVerdictSaysRebuildingWithProgressAndASecondOneIsRefused() throws Exception {
		// A rebuild another instance holds the lease of, half way through.
		ownerSql("""
				INSERT INTO replica_rebuild (status, trigger, requested_by, reason, start_offsets, end_offsets,
				    positions, records_read, records_applied, lease_owner, lease_until)
				VALUES ('RUNNING', 'OPERATOR', 'another.operator', 'test', '{0,0,0}', '{100,100,100}',
				    '{100,50,0}', 150, 120, 'another-instance', now() + interval '1 hour')""");
		try {
			// The verdict is sampled: a sample taken while another test's rebuild ran
			// says
			// REBUILDING too, so wait for the one that has seen this rebuild.
			JsonNode status = await().atMost(Duration.ofSeconds(30))
				.until(() -> TestOperators.asOperator(this.http).getForObject("/ops/sync-status", JsonNode.class),
						(s) -> s.at("/verdict/reason").asText().contains("another.operator"));
			assertThat(status.at("/verdict/code").asText()).isEqualTo("REBUILDING");
			assertThat(status.at("/verdict/reason").asText()).contains("50.0% read", "150 of at most 300",
					"started by another.operator");
			assertThat(status.at("/rebuild/status").asText()).isEqualTo("RUNNING");

			ResponseEntity<JsonNode> second = TestOperators.asOperator(this.http)
				.postForEntity("/ops/replica/rebuilds", Map.of("reason", "again"), JsonNode.class);
			assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
			assertThat(second.getBody().at("/code").asText()).isEqualTo("REBUILD_RUNNING");
		}
		finally {
			ownerSql("UPDATE replica_rebuild SET status = 'FAILED', finished_at = now() WHERE status = 'RUNNING'");
		}
	}

	/**
	 * A rebuild with nothing left to read (an empty topic, every record expired, or read
	 * to the end by an instance that stopped before completing it) completes: it stayed
	 * RUNNING, and every later rebuild was refused.
	 */
	@Test
	void aRebuildWithNothingLeftToReadCompletes() throws Exception {
		ownerSql("""
				INSERT INTO replica_rebuild (status, trigger, requested_by, reason, start_offsets, end_offsets,
				    positions)
				VALUES ('RUNNING', 'OPERATOR', 'test.operator', 'nothing left to read', '{7,7,7}', '{7,7,7}',
				    '{7,7,7}')""");
		try {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.jdbc.sql("SELECT status FROM replica_rebuild WHERE reason = 'nothing left to read'")
					.query(String.class)
					.single(), "COMPLETED"::equals);
		}
		finally {
			ownerSql("UPDATE replica_rebuild SET status = 'FAILED', finished_at = now() WHERE status = 'RUNNING'");
		}
	}

	/**
	 * A transaction someone left open on the topic: the rebuild read to the high
	 * watermark, which its read_committed consumer cannot pass while the transaction is
	 * open, and stayed RUNNING until the transaction ended (72 s in the attack run of
	 * 2026-12-06, up to the broker's 15 min). It reads to the last stable offset now.
	 */
	@Test
	void aTransactionLeftOpenOnTheTopicDoesNotHoldARebuild() throws Exception {
		try (Producer<String, byte[]> foreign = ForeignTransactions.producer(this.broker)) {
			foreign.beginTransaction();
			try {
				for (int p = 0; p < 3; p++) {
					foreign.send(TestEventSigning.signed(new ProducerRecord<>("nik-changes", p, nik(400 + p),
							this.codec.encode(Residents.event(nik(400 + p), 1)))));
				}
				foreign.flush();
				publish(Residents.event(nik(410), 1));

				ResponseEntity<JsonNode> started = TestOperators.asOperator(this.http)
					.postForEntity("/ops/replica/rebuilds", Map.of("reason", "a transaction left open"),
							JsonNode.class);
				assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
				long id = started.getBody().at("/id").asLong();

				assertThat(await().atMost(Duration.ofSeconds(30))
					.until(() -> TestOperators.asOperator(this.http)
						.getForObject("/ops/replica/rebuilds/" + id, JsonNode.class),
							(r) -> !"RUNNING".equals(r.at("/status").asText()))
					.at("/status")
					.asText()).isEqualTo("COMPLETED");
				assertThat(this.jdbc.sql("SELECT count(*) FROM replica_resident WHERE nik BETWEEN ? AND ?")
					.params(nik(400), nik(402))
					.query(Long.class)
					.single()).as("nothing of the open transaction").isZero();
			}
			finally {
				foreign.abortTransaction();
			}
		}
		finally {
			ownerSql("UPDATE replica_rebuild SET status = 'FAILED', finished_at = now() WHERE status = 'RUNNING'");
		}
	}

	private long rebuilds() {
		return this.jdbc.sql("SELECT count(*) FROM replica_rebuild WHERE trigger = 'EMPTY_REPLICA'")
			.query(Long.class)
			.single();
	}

	private void ownerSql(String sql) throws Exception {
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url);
				Statement statement = owner.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String nik(int i) {
		return "3519014506%06d".formatted(900001 + i);
	}

	private void publish(NikChanged event) {
		if (this.template == null) {
			this.template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
					KafkaTestUtils.producerProps(this.broker), new StringSerializer(), new ByteArraySerializer()));
		}
		this.template
			.send(TestEventSigning
				.signed(new ProducerRecord<>("nik-changes", event.getNik(), this.codec.encode(event))))
			.join();
	}

	@AfterEach
	void closeProducer() {
		if (this.template != null) {
			this.template.destroy();
		}
	}

}
