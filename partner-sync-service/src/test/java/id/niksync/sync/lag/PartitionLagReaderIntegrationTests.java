package id.niksync.sync.lag;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import id.niksync.sync.SyncIntegrationTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lag the verdict is judged on, read from a real broker for a group committed at
 * chosen offsets of a topic written in transactions as the registry's relay writes: the
 * markers that end transactions and the records of an aborted one take offsets no
 * consumer receives, and a group committed up to them is not behind.
 */
@SyncIntegrationTest
class PartitionLagReaderIntegrationTests {

	private static final String TOPIC = "lag-reader-markers";

	private static final String GROUP = "lag-reader-group";

	@Autowired
	PartitionLagReader reader;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Test
	void aGroupCommittedUpToMarkersAndAbortedRecordsIsNotBehindOneBeforeARecordIs() throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", this.broker.getBrokersAsString()))) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
			TopicPartition partition = new TopicPartition(TOPIC, 0);
			try (KafkaProducer<String, byte[]> producer = transactional()) {
				producer.initTransactions();
				// offsets 0-2, then the commit marker at 3
				producer.beginTransaction();
				for (int i = 0; i < 3; i++) {
					producer.send(new ProducerRecord<>(TOPIC, 0, "3511014506900001", new byte[] { (byte) i }));
				}
				producer.commitTransaction();
				// offsets 4-5, aborted, then the abort marker at 6
				producer.beginTransaction();
				producer.send(new ProducerRecord<>(TOPIC, 0, "3511014506900001", new byte[] { 9 }));
				producer.send(new ProducerRecord<>(TOPIC, 0, "3511014506900001", new byte[] { 9 }));
				producer.flush();
				producer.abortTransaction();
				// the coordinator writes the markers after it answers
				await().atMost(Duration.ofSeconds(30)).until(() -> endOffset(admin, partition) == 7);

				// committed after the last record the group received: only markers and
				// aborted records lie ahead
				commit(admin, partition, 3);
				PartitionLag caughtUp = lagOf(partition);
				assertThat(caughtUp.endOffset()).isEqualTo(7);
				assertThat(caughtUp.committedOffset()).isEqualTo(3);
				assertThat(caughtUp.offsetLag()).isZero();
				assertThat(caughtUp.timeLagSeconds()).isZero();
				// what the resident count sets beside the replica: offsets alone, so the
				// markers and the aborted records count as waiting (errs towards a
				// complete replica)
				assertThat(this.reader.waiting(List.of(TOPIC), GROUP)).isEqualTo(4);

				// one record (offset 2) still to be received: behind, with its age
				commit(admin, partition, 2);
				PartitionLag behind = lagOf(partition);
				assertThat(behind.offsetLag()).isEqualTo(5);
				assertThat(behind.timeLagSeconds()).isNotNull().isGreaterThanOrEqualTo(0);
				assertThat(this.reader.waiting(List.of(TOPIC), GROUP)).isEqualTo(5);

				// a transaction still open at offset 7: read_committed stops short of the
				// end, so it is not taken for markers (it may yet commit)
				commit(admin, partition, 3);
				producer.beginTransaction();
				producer.send(new ProducerRecord<>(TOPIC, 0, "3511014506900001", new byte[] { 7 }));
				producer.flush();
				await().atMost(Duration.ofSeconds(30)).until(() -> endOffset(admin, partition) == 8);
				assertThat(lagOf(partition).offsetLag()).isEqualTo(5);
				producer.abortTransaction();
			}
		}
	}

	private static long endOffset(Admin admin, TopicPartition partition) throws Exception {
		return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
	}

	private PartitionLag lagOf(TopicPartition partition) throws Exception {
		List<PartitionLag> lags = this.reader.read(List.of(TOPIC), GROUP);
		assertThat(lags).hasSize(1);
		assertThat(lags.get(0).partition()).isEqualTo(partition.partition());
		return lags.get(0);
	}

	private static void commit(Admin admin, TopicPartition partition, long offset) throws Exception {
		admin.alterConsumerGroupOffsets(GROUP, Map.of(partition, new OffsetAndMetadata(offset))).all().get();
	}

	private KafkaProducer<String, byte[]> transactional() {
		Map<String, Object> config = KafkaTestUtils.producerProps(this.broker);
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "lag-reader-test");
		return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
	}

}
