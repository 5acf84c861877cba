package id.niksync.bench.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.NikChanged;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code nik-changes} from where it left off to the current end (no consumer group:
 * partitions assigned, nothing committed) and counts the records whose (NIK, version) it
 * has seen before in this run: duplicates, which the replica discards by version. Also
 * counts the records the dead-letter topic gained.
 */
final class TopicTally implements AutoCloseable {

	static final String TOPIC = "nik-changes";

	static final String DEAD_LETTER_TOPIC = "nik-changes-dlt";

	private final String bootstrapServers;

	private final NikChangedCodec codec = new NikChangedCodec();

	private final Set<String> seen = new HashSet<>();

	private KafkaConsumer<String, byte[]> consumer;

	TopicTally(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
	}

	/** What reading to the end found. */
	record Tally(long records, long duplicates, long undecodable) {
	}

	/** Reads every record added since the last call and tallies it. */
	Tally readToEnd(Duration timeout) {
		if (this.consumer == null) {
			this.consumer = consumer();
		}
		Map<TopicPartition, Long> ends = this.consumer.endOffsets(this.consumer.assignment(), timeout);
		long records = 0;
		long duplicates = 0;
		long undecodable = 0;
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!reached(ends) && System.nanoTime() < deadline) {
			for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(500))) {
				records++;
				try {
					NikChanged event = this.codec.decode(record.value());
					if (!this.seen.add(event.getNik() + "@" + event.getVersion())) {
						duplicates++;
					}
				}
				catch (RuntimeException ex) {
					undecodable++;
				}
			}
		}
		if (!reached(ends)) {
			throw new IllegalStateException("Could not read " + TOPIC + " to its end within " + timeout);
		}
		return new Tally(records, duplicates, undecodable);
	}

	private boolean reached(Map<TopicPartition, Long> ends) {
		for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
			if (this.consumer.position(end.getKey()) < end.getValue()) {
				return false;
			}
		}
		return true;
	}

	private KafkaConsumer<String, byte[]> consumer() {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// What consumers see: the registry publishes in transactions.
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
		properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "fault-suite-tally");
		KafkaConsumer<String, byte[]> created = new KafkaConsumer<>(properties, new StringDeserializer(),
				new ByteArrayDeserializer());
		List<TopicPartition> partitions = new ArrayList<>();
		created.partitionsFor(TOPIC, Duration.ofSeconds(30))
			.forEach((info) -> partitions.add(new TopicPartition(TOPIC, info.partition())));
		created.assign(partitions);
		created.seekToBeginning(partitions);
		return created;
	}

	/** Records on the dead-letter topic now (the sum of its partitions' end offsets). */
	static long deadLetters(Admin admin) throws Exception {
		Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
		admin.describeTopics(List.of(DEAD_LETTER_TOPIC))
			.allTopicNames()
			.get(30, TimeUnit.SECONDS)
			.get(DEAD_LETTER_TOPIC)
			.partitions()
			.forEach((info) -> latest.put(new TopicPartition(DEAD_LETTER_TOPIC, info.partition()),
					org.apache.kafka.clients.admin.OffsetSpec.latest()));
		return admin.listOffsets(latest)
			.all()
			.get(30, TimeUnit.SECONDS)
			.values()
			.stream()
			.mapToLong((info) -> info.offset())
			.sum();
	}

	@Override
	public void close() {
		if (this.consumer != null) {
			this.consumer.close(Duration.ofSeconds(5));
		}
	}

}
