package id.niksync.sync.ingest;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.testsupport.Residents;
import id.niksync.testsupport.TestEventSigning;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record failing for its own sake is dead-lettered after its attempts while the other
 * partitions of its consumer go on receiving records, led by other brokers. Between two
 * of its attempts, while it is sought again, a poll brings only theirs (their broker
 * answers first) and that batch succeeds; Spring Kafka forgot the record's attempts then,
 * so its count started again and again and it held its partition for as long as the
 * others flowed.
 */
@SyncIntegrationTest
// Three brokers, each leading some of the partitions; one consumer holding them all. The
// service creates the topics: the broker creating them as it starts failed once with
// TopicExistsException (its controllers still electing one, the admin client sent its
// request again after the first had created them), and the context with it.
@EmbeddedKafka(kraft = true, count = 3, partitions = 3)
@TestPropertySource(properties = { "spring.kafka.listener.concurrency=1", "niksync.ingest.backoff-initial=100ms",
		"niksync.topic.replication-factor=3", "spring.kafka.admin.fail-fast=true" })
@DirtiesContext
class RecordAttemptsIntegrationTests {

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	JdbcClient jdbc;

	@Value("${spring.datasource.url}")
	String url;

	private final NikChangedCodec codec = new NikChangedCodec();

	@Test
	void aRecordFailingForItsOwnSakeIsDeadLetteredWhileItsConsumersOtherPartitionsFlow() throws Exception {
		String refused = nik(1);
		try (Producer<String, byte[]> producer = producer();
				Connection owner = EmbeddedPostgres.superuserConnection(this.url);
				RefusingTrigger trigger = RefusingTrigger.refusing(owner, refused)) {
			AtomicBoolean flowing = new AtomicBoolean(true);
			Thread flow = new Thread(() -> flow(producer, flowing), "flow");
			flow.start();
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> applied() == 5);
				producer.send(TestEventSigning.signed(new ProducerRecord<>("nik-changes", 0, refused,
						this.codec.encode(Residents.event(refused, 1)))));
				producer.flush();

				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(this.jdbc
						.sql("SELECT record_key || ' ' || reason_code FROM dead_letter WHERE record_key LIKE ?")
						.param(nik(0).substring(0, 14) + "%")
						.query(String.class)
						.list()).containsExactly(refused + " UNCLASSIFIED"));
			}
			finally {
				flowing.set(false);
				flow.join(10_000);
			}
		}
	}

	/** A record every 20 ms to each partition but the refused record's. */
	private void flow(Producer<String, byte[]> producer, AtomicBoolean flowing) {
		List<ProducerRecord<String, byte[]>> targets = List.of(new ProducerRecord<>("nik-changes", 1, nik(2), null),
				new ProducerRecord<>("nik-changes", 2, nik(3), null),
				new ProducerRecord<>("nik-changes-replays", 0, nik(4), null),
				new ProducerRecord<>("nik-changes-replays", 1, nik(5), null),
				new ProducerRecord<>("nik-changes-replays", 2, nik(6), null));
		for (long version = 1; flowing.get(); version++) {
			for (ProducerRecord<String, byte[]> target : targets) {
				// signed as the registry signs for nik-changes, as a replay carries it
				ProducerRecord<String, byte[]> signed = TestEventSigning.signed(new ProducerRecord<>("nik-changes",
						target.key(), this.codec.encode(Residents.event(target.key(), version))));
				producer.send(new ProducerRecord<>(target.topic(), target.partition(), target.key(), signed.value(),
						signed.headers()));
			}
			producer.flush();
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private long applied() {
		return this.jdbc.sql("SELECT count(*) FROM replica_resident WHERE nik LIKE ?")
			.param(nik(0).substring(0, 14) + "%")
			.query(Long.class)
			.single();
	}

	private static String nik(int i) {
		return "35110145069202%02d".formatted(i);
	}

	private Producer<String, byte[]> producer() {
		Map<String, Object> props = KafkaTestUtils.producerProps(this.broker);
		return new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new ByteArraySerializer())
			.createProducer();
	}

}
