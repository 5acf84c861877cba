package id.niksync.registry.outbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>
 * A record names its row by a header anyone who may write the topic can set, and an id
 * the outbox may hand out again (a database restored from a backup): a row counts as
 * published only when a record has its id, its NIK as key and its payload as value
 * ({@link Published}). The payload holds the row's random event id, which nobody sees
 * before the row is published.
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
	 * The records among the last {@code perPartition} of each partition that name an
	 * outbox row.
	 * @throws org.apache.kafka.common.KafkaException when the broker does not answer in
	 * time (the relay then tries again later, sending nothing meanwhile)
	 */
	List<Published> published(int perPartition) {
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
			List<Published> published = new ArrayList<>();
			long deadline = System.nanoTime() + this.timeout.toNanos();
			while (!ends.isEmpty()) {
				if (System.nanoTime() > deadline) {
					throw new org.apache.kafka.common.errors.TimeoutException(
							"Reading the end of " + this.topic + " took longer than " + this.timeout);
				}
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
					Published one = Published.of(record);
					if (one != null) {
						published.add(one);
					}
				}
				ends.entrySet().removeIf((end) -> consumer.position(end.getKey(), this.timeout) >= end.getValue());
			}
			return published;
		}
	}

	/**
	 * A record that names an outbox row: the row's id, the record's key and the SHA-256
	 * of its value, which is kept instead of the value, so that a tail of large records
	 * costs 32 bytes each.
	 */
	record Published(long outboxId, String nik, byte[] valueSha256) {

		/** A NIK's length: a record keyed otherwise is no outbox row's. */
		private static final int KEY_LENGTH = 16;

		static Published of(ConsumerRecord<byte[], byte[]> record) {
			Header id = record.headers().lastHeader(OUTBOX_ID);
			if (id == null || id.value() == null || id.value().length != Long.BYTES || record.key() == null
					|| record.key().length != KEY_LENGTH || record.value() == null) {
				return null;
			}
			return new Published(ByteBuffer.wrap(id.value()).getLong(),
					new String(record.key(), StandardCharsets.ISO_8859_1), sha256(record.value()));
		}

		private static byte[] sha256(byte[] value) {
			try {
				return MessageDigest.getInstance("SHA-256").digest(value);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("Every Java runtime has SHA-256", ex);
			}
		}

	}

}
