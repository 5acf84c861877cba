package id.niksync.registry.outbox;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Reads the end of every partition of the topic, as a consumer that sees committed
 * transactions only, and says which outbox rows are on it. A relay that takes over (after
 * another instance, or after a batch whose fate it does not know) learns this way which
 * pending rows its predecessor did publish, and removes them instead of sending them a
 * second time: a second copy would put an older version after a newer one of the same NIK
 * on the compacted topic.
 */
class PublishedTail {

	/** The outbox row a record was published from: its id, 8 bytes, big-endian. */
	static final String OUTBOX_ID = "niksync-outbox-id";

	private static final Duration POLL = Duration.ofMillis(500);

	private final Supplier<Consumer<byte[], byte[]>> consumers;

	private final String topic;

	private final Duration timeout;

	PublishedTail(Supplier<Consumer<byte[], byte[]>> consumers, String topic, Duration timeout) {
		this.consumers = consumers;
		this.topic = topic;
		this.timeout = timeout;
	}

	static byte[] header(long outboxId) {
		return ByteBuffer.allocate(Long.BYTES).putLong(outboxId).array();
	}

	/**
	 * The outbox ids among the last {@code perPartition} records of each partition.
	 * @throws org.apache.kafka.common.KafkaException when the broker does not answer in
	 * time (the relay then tries again later, sending nothing meanwhile)
	 */
	Set<Long> outboxIds(int perPartition) {
		try (Consumer<byte[], byte[]> consumer = this.consumers.get()) {
			List<TopicPartition> partitions = consumer.partitionsFor(this.topic, this.timeout)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			// Under read_committed: the last stable offset, past which nothing is
			// committed.
			Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, this.timeout));
			Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, this.timeout);
			ends.forEach((partition, end) -> consumer.seek(partition,
					Math.max(starts.getOrDefault(partition, 0L), end - perPartition)));
			ends.entrySet().removeIf((end) -> consumer.position(end.getKey(), this.timeout) >= end.getValue());
			Set<Long> ids = new HashSet<>();
			long deadline = System.nanoTime() + this.timeout.toNanos();
			while (!ends.isEmpty()) {
				if (System.nanoTime() > deadline) {
					throw new org.apache.kafka.common.errors.TimeoutException(
							"Reading the end of " + this.topic + " took longer than " + this.timeout);
				}
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
					Header id = record.headers().lastHeader(OUTBOX_ID);
					if (id != null && id.value() != null && id.value().length == Long.BYTES) {
						ids.add(ByteBuffer.wrap(id.value()).getLong());
					}
				}
				ends.entrySet().removeIf((end) -> consumer.position(end.getKey(), this.timeout) >= end.getValue());
			}
			return ids;
		}
	}

}
