package id.niksync.sync.ingest;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.testsupport.DatabaseLink;
import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.testsupport.Residents;
import id.niksync.testsupport.SeverableEmbeddedPostgres;
import id.niksync.testsupport.TestEventSigning;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * G3: while the replica database is unavailable (here: the link to it cut) consumption
 * pauses and nothing is dead-lettered; when it is back, every event is applied. A table
 * locked by other work is no outage: its writes are retried, never dead-lettered, and
 * consumption is not paused for it.
 */
@SyncIntegrationTest
// A context of its own: closed when the class ends, not kept (with its broker,
// consumers and schedules running) until the whole suite ends.
@DirtiesContext
@ContextConfiguration(initializers = SeverableEmbeddedPostgres.class)
@TestPropertySource(properties = { "spring.datasource.hikari.connection-init-sql=SET lock_timeout = '500ms'",
		"resilience4j.circuitbreaker.instances.replica.wait-duration-in-open-state=1s",
		"niksync.ingest.backoff-initial=100ms", "niksync.ingest.backoff-max=500ms" })
class IngestOutageIntegrationTests {

	private static final int RESIDENTS = 40;

	/** The residents of the lock test. */
	private static final String LOCKED = "35110145069005%";

	/** The residents of the test of a record failing once the lock is gone. */
	private static final String AFTER_LOCK = "35110145069201%";

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	CircuitBreakerRegistry breakers;

	@Autowired
	DatabaseLink database;

	@Autowired
	KafkaListenerEndpointRegistry containers;

	@Value("${spring.datasource.url}")
	String url;

	private final NikChangedCodec codec = new NikChangedCodec();

	@Test
	void pausesWhileTheReplicaIsDownAndAppliesEverythingWhenItIsBack() throws Exception {
		double deadLetteredBefore = deadLettered();
		try (Producer<String, byte[]> producer = producer()) {
			for (int i = 1; i <= RESIDENTS; i++) {
				send(producer, nik(i), 1);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> applied() == RESIDENTS);

			this.database.cut();
			try {
				for (int i = 1; i <= RESIDENTS; i++) {
					send(producer, nik(i), 2);
				}

				await().atMost(Duration.ofSeconds(30))
					.until(() -> this.containers.getListenerContainer(NikChangesListener.ID).isPauseRequested());
				assertThat(breaker().getState()).isIn(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);
				// Longer than the whole retry window (backoff max, breaker wait, several
				// probes):
				// nothing may be dead-lettered at any point.
				await().during(Duration.ofSeconds(4))
					.atMost(Duration.ofSeconds(6))
					.until(() -> deadLettered() == deadLetteredBefore);
			}
			finally {
				this.database.restore();
			}

			// The test reads through the service's own pool, which may still be backing
			// off
			// from the outage's refused connections (Hikari waits up to 5 s between
			// attempts, longer than its 3 s connection timeout): a read that gets no
			// connection is tried again, the service's recovery is what is asserted.
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptionsInstanceOf(CannotGetJdbcConnectionException.class)
				.untilAsserted(() -> assertThat(this.jdbc
					.sql("SELECT count(*) FROM replica_resident WHERE nik LIKE '35110145069004%' AND version = 2")
					.query(Long.class)
					.single()).isEqualTo(RESIDENTS));
		}
		assertThat(deadLettered()).isEqualTo(deadLetteredBefore);
		assertThat(this.jdbc.sql("SELECT count(*) FROM dead_letter WHERE record_key LIKE '35110145069004%'")
			.query(Long.class)
			.single()).isZero();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(this.containers.getListenerContainer(NikChangesListener.ID).isPauseRequested()).isFalse();
		});
	}

	/**
	 * Behind a lock on the replica (an {@code ALTER TABLE}) every write gives up after
	 * the pool's {@code lock_timeout} again and again: retried, and the breaker stays
	 * closed, since the database answers.
	 */
	@Test
	void aLockedReplicaIsRetriedNotTakenForAnOutage() throws Exception {
		double deadLetteredBefore = deadLettered();
		try (Producer<String, byte[]> producer = producer()) {
			for (int i = 1; i <= RESIDENTS; i++) {
				send(producer, lockedNik(i), 1);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> applied(LOCKED) == RESIDENTS);
			double retriedBefore = retried();

			try (Connection owner = EmbeddedPostgres.superuserConnection(this.url)) {
				owner.setAutoCommit(false);
				try (Statement statement = owner.createStatement()) {
					statement.execute("LOCK TABLE replica_resident IN ACCESS EXCLUSIVE MODE");
				}
				for (int i = 1; i <= RESIDENTS; i++) {
					send(producer, lockedNik(i), 3);
				}
				// writes meet the lock and are retried...
				await().atMost(Duration.ofSeconds(15)).until(() -> retried() >= retriedBefore + 3);
				// ...while the breaker, ingestion and the dead letters take no notice
				await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> {
					assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
					assertThat(this.containers.getListenerContainer(NikChangesListener.ID).isPauseRequested())
						.isFalse();
					return deadLettered() == deadLetteredBefore;
				});
				owner.rollback();
			}

			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(
						this.jdbc.sql("SELECT count(*) FROM replica_resident WHERE nik LIKE ? AND version = 3")
							.param(LOCKED)
							.query(Long.class)
							.single())
					.isEqualTo(RESIDENTS));
		}
		assertThat(deadLettered()).isEqualTo(deadLetteredBefore);
	}

	/**
	 * A batch retried for the environment (here: behind a lock) whose records are then
	 * reached, three of them failing for their own sake: each is handled on its own (the
	 * one the replica refuses for a constraint dead-lettered at once, the two failing in
	 * a way nobody anticipated after their attempts) and the rest of the batch is
	 * applied. Retried as a whole, the batch had every one of its records dead-lettered
	 * for the refused one, or was retried for ever for the others. The first of them is
	 * the record at the head of the batch, where the lock's failures were met: its own
	 * failure must get its few attempts, not the outage's endless ones.
	 */
	@Test
	void aBatchRetriedForTheEnvironmentHasEachRecordHandledOnItsOwnOnceItIsReached() throws Exception {
		String refusedByTrigger = afterLockNik(1);
		String tooLong = afterLockNik(3);
		String notAUuid = afterLockNik(4);
		try (Producer<String, byte[]> producer = producer();
				Connection owner = EmbeddedPostgres.superuserConnection(this.url);
				RefusingTrigger trigger = RefusingTrigger.refusing(owner, refusedByTrigger)) {
			try {
				double retriedBefore = retried();
				owner.setAutoCommit(false);
				try (Statement statement = owner.createStatement()) {
					statement.execute("LOCK TABLE replica_resident IN ACCESS EXCLUSIVE MODE");
				}
				for (int i = 1; i <= 6; i++) {
					NikChanged event = Residents.event(afterLockNik(i), 1);
					if (event.getNik().equals(tooLong)) {
						event.getResident().setFullName("N".repeat(250));
					}
					if (event.getNik().equals(notAUuid)) {
						event.setEventId("not-a-uuid");
					}
					// one partition, so that one consumer gets them as one batch
					producer.send(TestEventSigning
						.signed(new ProducerRecord<>("nik-changes", 0, event.getNik(), this.codec.encode(event))));
				}
				producer.flush();
				// the batch meets the lock and is retried as the environment's failure
				await().atMost(Duration.ofSeconds(15)).until(() -> retried() >= retriedBefore + 3);
				owner.rollback();
				owner.setAutoCommit(true);

				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(() -> assertThat(storedReasons(AFTER_LOCK)).containsExactlyInAnyOrder(
							refusedByTrigger + " UNCLASSIFIED", tooLong + " CONSTRAINT_VIOLATION",
							notAUuid + " UNCLASSIFIED"));
				await().atMost(Duration.ofSeconds(30)).until(() -> applied(AFTER_LOCK) == 3);
				// and no other record of the batch follows them later
				await().during(Duration.ofSeconds(2))
					.atMost(Duration.ofSeconds(4))
					.until(() -> storedReasons(AFTER_LOCK).size() == 3);
			}
			finally {
				if (!owner.getAutoCommit()) {
					owner.rollback();
					owner.setAutoCommit(true);
				}
			}
		}
	}

	private List<String> storedReasons(String like) {
		return this.jdbc.sql("SELECT record_key || ' ' || reason_code FROM dead_letter WHERE record_key LIKE ?")
			.param(like)
			.query(String.class)
			.list();
	}

	private double retried() {
		return this.meters.find("niksync.ingest.retries").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	private CircuitBreaker breaker() {
		return this.breakers.circuitBreaker(ReplicaCircuit.NAME);
	}

	private long applied() {
		return applied("35110145069004%");
	}

	private long applied(String like) {
		return this.jdbc.sql("SELECT count(*) FROM replica_resident WHERE nik LIKE ?")
			.param(like)
			.query(Long.class)
			.single();
	}

	private double deadLettered() {
		return this.meters.find("niksync.ingest.dead.lettered").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	private static String nik(int i) {
		return "35110145069004%02d".formatted(i);
	}

	private static String afterLockNik(int i) {
		return "35110145069201%02d".formatted(i);
	}

	private static String lockedNik(int i) {
		return "35110145069005%02d".formatted(i);
	}

	private void send(Producer<String, byte[]> producer, String nik, long version) {
		producer.send(TestEventSigning
			.signed(new ProducerRecord<>("nik-changes", nik, this.codec.encode(Residents.event(nik, version)))));
	}

	private Producer<String, byte[]> producer() {
		Map<String, Object> props = KafkaTestUtils.producerProps(this.broker);
		return new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new ByteArraySerializer())
			.createProducer();
	}

}
