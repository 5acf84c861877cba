package id.niksync.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the relay published, read back from {@code nik-changes}: the relay removes the
 * outbox rows it published, so the topic is where "when was it published" is kept. Each
 * record's timestamp is the relay's send ({@code CreateTime}, set by its producer), a few
 * ms after the relay read the row.
 */
final class Published {

	private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

	private Published() {
	}

	/** The topic's end offsets now (committed records), where a later read starts. */
	static Map<TopicPartition, Long> ends(Stack stack) {
		try (KafkaConsumer<String, byte[]> consumer = consumer(stack)) {
			return consumer.endOffsets(partitions(consumer));
		}
	}

	/**
	 * Each record's send time (ms since the epoch) by key, for the keys {@code wanted}
	 * accepts, from {@code from} (ends read earlier) to the ends now; a key published
	 * twice keeps its first.
	 */
	static Map<String, Long> sentSince(Stack stack, Map<TopicPartition, Long> from, Predicate<String> wanted) {
		Map<String, Long> sent = new HashMap<>();
		read(stack, from, (record) -> {
			if (record.key() != null && wanted.test(record.key())) {
				sent.putIfAbsent(record.key(), record.timestamp());
			}
			return true;
		});
		return sent;
	}

	/**
	 * The send times (ms since the epoch) of every record from {@code from} to the ends
	 * now.
	 */
	static LongSummaryStatistics sendTimesSince(Stack stack, Map<TopicPartition, Long> from) {
		LongSummaryStatistics sent = new LongSummaryStatistics();
		read(stack, from, (record) -> {
			sent.accept(record.timestamp());
			return true;
		});
		return sent;
	}

	/**
	 * The first {@code total} records of the topic, partition by partition: keys and the
	 * exact value bytes the relay published.
	 */
	static Map.Entry<String[], byte[][]> first(Stack stack, int total) {
		String[] keys = new String[total];
		byte[][] values = new byte[total][];
		int[] n = { 0 };
		read(stack, Map.of(), (record) -> {
			keys[n[0]] = record.key();
			values[n[0]++] = record.value();
			return n[0] < total;
		});
		if (n[0] != total) {
			throw new IllegalStateException("nik-changes holds " + n[0] + " events, expected " + total);
		}
		return Map.entry(keys, values);
	}

	/**
	 * Reads every partition from {@code from} (its start where absent) to its end as it
	 * is now, handing each record to {@code sink} until it answers false.
	 */
	private static void read(Stack stack, Map<TopicPartition, Long> from,
			Predicate<ConsumerRecord<String, byte[]>> sink) {
		try (KafkaConsumer<String, byte[]> consumer = consumer(stack)) {
			List<TopicPartition> partitions = partitions(consumer);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions.stream().filter((p) -> !from.containsKey(p)).toList());
			from.forEach(consumer::seek);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < ends.get(p))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("nik-changes not read to its end in " + READ_TIMEOUT);
				}
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (!sink.test(record)) {
						return;
					}
				}
			}
		}
	}

	private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
		List<PartitionInfo> infos = consumer.partitionsFor(Offsets.TOPIC);
		return infos.stream().map((p) -> new TopicPartition(p.topic(), p.partition())).toList();
	}

	private static KafkaConsumer<String, byte[]> consumer(Stack stack) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker().bootstrapServers());
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
		return new KafkaConsumer<>(properties);
	}

}
