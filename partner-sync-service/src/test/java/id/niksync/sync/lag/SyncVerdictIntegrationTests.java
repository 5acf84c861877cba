package id.niksync.sync.lag;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.registry.RegistryApi;
import id.niksync.schemas.registry.RegistryExample;
import id.niksync.sync.RegistryStub;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.lag.Verdict.Status;
import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.testsupport.Residents;
import id.niksync.testsupport.TestEventSigning;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The verdict follows what the consumer does, on a real broker and database, with short
 * thresholds: paused while events flow it warns, then stalls, while the time lag grows;
 * resumed it is OK again; an idle topic is never an alarm. The registry's outbox is
 * answered by a stub HTTP server, with the contract's example.
 */
@SyncIntegrationTest
// A context of its own: closed when the class ends, not kept (with its broker,
// consumers and schedules running) until the whole suite ends.
@DirtiesContext
@TestPropertySource(properties = { "niksync.lag.sample-interval=200ms", "niksync.lag.window=10s",
		"niksync.lag.warn-after=1s", "niksync.lag.stalled-after=2500ms", "niksync.lag.stopped-after=6s" })
class SyncVerdictIntegrationTests {

	private static final RegistryStub registry = RegistryStub.start()
		.answer("GET", RegistryApi.OUTBOX, 200, RegistryExample.OPS_OUTBOX.text());

	@Autowired
	SyncHealth health;

	@Autowired
	KafkaListenerEndpointRegistry containers;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	JdbcClient jdbc;

	@Value("${spring.datasource.url}")
	String url;

	private final NikChangedCodec codec = new NikChangedCodec();

	private final AtomicInteger serial = new AtomicInteger(5000);

	@DynamicPropertySource
	static void registry(DynamicPropertyRegistry properties) {
		properties.add("niksync.registry.base-url", registry::baseUrl);
	}

	@AfterAll
	static void stopRegistry() {
		registry.close();
	}

	/**
	 * Each test starts once the group has settled: every one of ingestion's three
	 * consumers holds its two partitions. Right after the context starts, the group may
	 * still be rebalancing (a CI run on a slow machine caught a partition whose offset
	 * was committed seconds after its records were applied).
	 */
	@BeforeEach
	void groupSettled() {
		MessageListenerContainer ingestion = this.containers.getListenerContainer("nik-changes-ingest");
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			Map<String, Collection<TopicPartition>> assigned = ingestion.getAssignmentsByClientId();
			return assigned != null && assigned.size() == 3
					&& assigned.values().stream().allMatch((partitions) -> partitions.size() == 2);
		});
	}

	@Test
	void idleTopicStaysOkLongerThanEveryThreshold() {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> report().sampledAt() != null && report().totals().offsetLag() == 0);

		await().during(Duration.ofSeconds(7))
			.atMost(Duration.ofSeconds(10))
			.until(() -> report().verdict().status() == Status.OK && report().totals().offsetLag() == 0);
		// nik-changes and the replay topic, 3 partitions each: records waiting on either
		// count
		assertThat(report().partitions()).hasSize(6).allSatisfy((p) -> assertThat(p.timeLagSeconds()).isZero());
		assertThat(report().partitions()).extracting(PartitionLag::topic)
			.containsExactly("nik-changes", "nik-changes", "nik-changes", "nik-changes-replays", "nik-changes-replays",
					"nik-changes-replays");
		assertThat(report().outbox()).isEqualTo(new OutboxBacklog(true, 7L, false, 1.5, 42L, 1000L));
	}

	@Test
	void pausedWhileEventsFlowWarnsThenStallsAndIsOkAgainWhenResumed() throws Exception {
		MessageListenerContainer ingestion = this.containers.getListenerContainer("nik-changes-ingest");
		ScheduledExecutorService flow = Executors.newSingleThreadScheduledExecutor();
		try (Producer<String, byte[]> producer = producer()) {
			flow.scheduleAtFixedRate(() -> send(producer), 0, 20, TimeUnit.MILLISECONDS);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> latestSample().applied() > 20 && report().verdict().status() == Status.OK);

			ingestion.pause();
			List<Status> seen = new ArrayList<>();
			List<Double> timeLagWhenSeen = new ArrayList<>();
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
				SyncHealthReport report = report();
				if (seen.isEmpty() || seen.get(seen.size() - 1) != report.verdict().status()) {
					seen.add(report.verdict().status());
					timeLagWhenSeen.add(report.totals().maxTimeLagSeconds());
				}
				return report.verdict().status() == Status.STALLED;
			});
			assertThat(seen).containsSubsequence(Status.WARN, Status.STALLED).doesNotContain(Status.STOPPED);
			double atWarn = timeLagWhenSeen.get(seen.indexOf(Status.WARN));
			double atStalled = timeLagWhenSeen.get(seen.indexOf(Status.STALLED));
			assertThat(atWarn).isPositive();
			assertThat(atStalled).isGreaterThan(atWarn);
			assertThat(report().verdict().reason()).contains("no offset committed");

			ingestion.resume();
			await().atMost(Duration.ofSeconds(30)).until(() -> report().verdict().status() == Status.OK);
		}
		finally {
			flow.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> report().totals().offsetLag() == 0 && report().verdict().status() == Status.OK);
		assertThat(report().freshness().count()).isPositive();
		assertThat(report().freshness().p99Seconds()).isPositive();
	}

	/**
	 * Dead-letter replays wait on the replay topic: they count as records waiting, on
	 * their own partition, until ingestion applies them.
	 */
	@Test
	void recordsWaitingOnTheReplayTopicCountAsWaiting() {
		MessageListenerContainer ingestion = this.containers.getListenerContainer("nik-changes-ingest");
		List<String> niks = new ArrayList<>();
		ingestion.pause();
		try (Producer<String, byte[]> producer = producer()) {
			await().atMost(Duration.ofSeconds(10)).until(ingestion::isPauseRequested);
			for (int i = 0; i < 5; i++) {
				String nik = "351101450690" + this.serial.incrementAndGet();
				niks.add(nik);
				ProducerRecord<String, byte[]> signed = TestEventSigning
					.signed(new ProducerRecord<>("nik-changes", nik, this.codec.encode(Residents.event(nik, 1))));
				producer.send(new ProducerRecord<>("nik-changes-replays", 2, nik, signed.value(), signed.headers()));
			}
			producer.flush();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				SyncHealthReport report = report();
				assertThat(report.partitions())
					.filteredOn((p) -> p.topic().equals("nik-changes-replays") && p.partition() == 2)
					.singleElement()
					.satisfies((p) -> assertThat(p.offsetLag()).isEqualTo(5));
				assertThat(report.totals().offsetLag()).isGreaterThanOrEqualTo(5);
				assertThat(report.verdict().code()).isNotEqualTo("CAUGHT_UP");
			});
		}
		finally {
			ingestion.resume();
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> report().totals().offsetLag() == 0 && report().verdict().status() == Status.OK);
		assertThat(this.jdbc.sql("SELECT count(*) FROM replica_resident WHERE nik = ANY(?) AND version = 1")
			.param(niks.toArray(String[]::new))
			.query(Long.class)
			.single()).isEqualTo(5);
	}

	/**
	 * The registry publishes in transactions: each commit (and abort) leaves a marker the
	 * listener never receives. Consumed, such a batch leaves no lag, and what an aborted
	 * transaction held is never applied.
	 */
	@Test
	void aTransactionalBatchLeavesNoLagOnceConsumedAndAnAbortedOneIsNeverApplied() {
		List<String> committed = new ArrayList<>();
		String aborted = "351101450690" + this.serial.incrementAndGet();
		Map<String, Object> props = KafkaTestUtils.producerProps(this.broker);
		props.put("transactional.id", "test-relay-" + aborted);
		try (Producer<String, byte[]> producer = new DefaultKafkaProducerFactory<>(props, new StringSerializer(),
				new ByteArraySerializer())
			.createProducer()) {
			producer.beginTransaction();
			producer.send(TestEventSigning.signed(
					new ProducerRecord<>("nik-changes", 1, aborted, this.codec.encode(Residents.event(aborted, 1)))));
			producer.flush();
			producer.abortTransaction();
			producer.beginTransaction();
			for (int i = 0; i < 6; i++) {
				String nik = "351101450690" + this.serial.incrementAndGet();
				committed.add(nik);
				// every partition gets committed records after the aborted one (a
				// partition
				// that only ever saw aborted records has nothing to commit past)
				producer.send(TestEventSigning.signed(
						new ProducerRecord<>("nik-changes", i % 3, nik, this.codec.encode(Residents.event(nik, 1)))));
			}
			producer.commitTransaction();
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM replica_resident WHERE nik = ANY(?)")
				.param(committed.toArray(String[]::new))
				.query(Long.class)
				.single() == 6);
		// Samples taken after everything was applied (one taken before would show no
		// lag either) come to no lag: without committing past the markers, one record
		// per partition would stay behind for ever.
		Instant applied = Instant.now().plusSeconds(2);
		await().atMost(Duration.ofSeconds(30)).until(() -> report().sampledAt().isAfter(applied));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(report().partitions()).allSatisfy(
					(p) -> assertThat(p.offsetLag()).as("offset lag of %s-%d", p.topic(), p.partition()).isZero()));
		assertThat(this.jdbc.sql("SELECT count(*) FROM replica_resident WHERE nik = ?")
			.param(aborted)
			.query(Long.class)
			.single()).isZero();
	}

	/**
	 * A record whose every write fails in a way classified as the environment's (here a
	 * trigger raising SQL state 55P03, lock not available) is retried without end: the
	 * report names its partition, offset, attempts and error class; once the cause is
	 * gone it is applied and the partition moves on.
	 */
	@Test
	void aPartitionWaitingOnAFailingRecordIsNamedWithItsCause() throws Exception {
		String nik = "3511014506909901";
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url); Statement sql = owner.createStatement()) {
			sql.execute("""
					CREATE FUNCTION lock_one_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
					BEGIN
					    IF NEW.nik = '3511014506909901' THEN
					        RAISE EXCEPTION 'held by the test' USING ERRCODE = '55P03';
					    END IF;
					    RETURN NEW;
					END $$""");
			sql.execute("""
					CREATE TRIGGER lock_one_for_test BEFORE INSERT OR UPDATE ON replica_resident
					    FOR EACH ROW EXECUTE FUNCTION lock_one_for_test()""");
			long offset;
			try (Producer<String, byte[]> producer = producer()) {
				offset = producer
					.send(TestEventSigning.signed(
							new ProducerRecord<>("nik-changes", 1, nik, this.codec.encode(Residents.event(nik, 1)))))
					.get()
					.offset();
			}
			try {
				// The partition the record waits on: another may be named too, for a
				// moment,
				// while an earlier test's offsets are committed.
				StuckPartition stuck = await().atMost(Duration.ofSeconds(30))
					.until(() -> report().stuck()
						.stream()
						.filter((p) -> p.topic().equals("nik-changes") && p.partition() == 1)
						.findFirst(), Optional::isPresent)
					.orElseThrow();
				assertThat(stuck.offset()).isEqualTo(offset);
				assertThat(stuck.attempts()).isPositive();
				assertThat(stuck.lastErrorClass()).isEqualTo("org.postgresql.util.PSQLException");
				// The breaker may be open meanwhile (ERROR wins); otherwise STALLED says
				// why.
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					Verdict verdict = report().verdict();
					assertThat(verdict.status()).isIn(Status.STALLED, Status.ERROR);
					if (verdict.status() == Status.STALLED) {
						assertThat(verdict.reason()).contains("Partition 1 of nik-changes", "PSQLException");
					}
				});
			}
			finally {
				sql.execute("DROP TRIGGER lock_one_for_test ON replica_resident");
				sql.execute("DROP FUNCTION lock_one_for_test()");
			}
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> report().stuck().isEmpty() && report().verdict().status() == Status.OK);
		assertThat(this.jdbc.sql("SELECT version FROM replica_resident WHERE nik = ?")
			.param(nik)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	private SyncHealthReport report() {
		return this.health.report();
	}

	private SyncHealthReport.Point latestSample() {
		List<SyncHealthReport.Point> samples = report().samples();
		return samples.get(samples.size() - 1);
	}

	private void send(Producer<String, byte[]> producer) {
		String nik = "351101450690" + this.serial.incrementAndGet();
		producer.send(TestEventSigning
			.signed(new ProducerRecord<>("nik-changes", nik, this.codec.encode(Residents.event(nik, 1)))));
	}

	private Producer<String, byte[]> producer() {
		Map<String, Object> props = KafkaTestUtils.producerProps(this.broker);
		return new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new ByteArraySerializer())
			.createProducer();
	}

}
