package id.niksync.sync.lag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Reads a consumer group's lag per partition from the broker: end offsets and committed
 * offsets through an admin client, and the time lag by reading the oldest unconsumed
 * record of each lagging partition.
 * <p>
 * Time lag is estimated as now minus the timestamp of the record at the committed offset
 * (the oldest one not yet consumed), read by a short-lived consumer of our own that
 * assigns, seeks and polls without joining any group, so it never disturbs the group it
 * measures. With the topic's default {@code CreateTime} that timestamp is when the
 * registry's relay sent the record, so the figure says how long the oldest waiting change
 * has been waiting on the topic; it is 0 when nothing is behind and grows by one second
 * per second while the group makes no progress. Kafka does not expose when a group last
 * committed, so the verdict tracks offset movement instead.
 * <p>
 * Offsets count more than records: the registry publishes in transactions, and each one
 * ends with a commit (or abort) marker that takes an offset no consumer ever receives, as
 * do the records of an aborted transaction. A group whose consumer owns several
 * partitions can stay committed just before the last marker of one of them (Spring
 * Kafka's {@code fixTxOffsets} only moves partitions the last batch committed), which an
 * idle topic never corrects: one "record" behind, for ever, was a {@code STALLED} verdict
 * on a pipeline that had applied everything. So a partition behind by offsets is behind
 * only if the probe, reading as the group does ({@code read_committed}), finds a record
 * between its committed offset and its end; when the probe reaches the end without one,
 * nothing is waiting there (lag 0).
 */
@Component
class PartitionLagReader implements DisposableBean {

	private final Map<String, Object> adminConfig;

	private final Map<String, Object> probeConfig;

	private final Duration timeout;

	private final Clock clock;

	private Admin admin;

	PartitionLagReader(KafkaAdmin kafkaAdmin, ConsumerFactory<?, ?> consumers, LagProperties settings, Clock clock) {
		this.adminConfig = new HashMap<>(kafkaAdmin.getConfigurationProperties());
		this.probeConfig = probeConfig(consumers.getConfigurationProperties());
		this.timeout = settings.probeTimeout();
		this.clock = clock;
	}

	/** Same brokers and security as the consumers, but no group and no commits. */
	private static Map<String, Object> probeConfig(Map<String, Object> consumerConfig) {
		Map<String, Object> config = new HashMap<>(consumerConfig);
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
		config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "niksync-lag-probe");
		// one record per partition is all we need
		config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
		return config;
	}

	/** Every partition of {@code topics}, by topic in the order given, then partition. */
	List<PartitionLag> read(List<String> topics, String group) throws Exception {
		Positions read = positions(topics, group);
		Map<TopicPartition, Long> behind = new HashMap<>();
		for (TopicPartition partition : read.partitions()) {
			if (read.ends().get(partition).offset() > read.nextToConsume().get(partition)) {
				behind.put(partition, read.nextToConsume().get(partition));
			}
		}
		Probed probed = behind.isEmpty() ? Probed.NOTHING : probe(behind, read.ends());
		Instant now = this.clock.instant();

		List<PartitionLag> lags = new ArrayList<>();
		for (TopicPartition partition : read.partitions()) {
			OffsetAndMetadata commit = read.committed().get(partition);
			long end = read.ends().get(partition).offset();
			// never below zero, even if a broker's answers disagree (a leader moving);
			// 0 when only markers or aborted records lie between (none for the group)
			long lag = probed.nothingToConsume().contains(partition) ? 0
					: Math.max(0, end - read.nextToConsume().get(partition));
			Double timeLag = (lag == 0) ? Double.valueOf(0) : secondsSince(probed.oldest().get(partition), now);
			lags.add(new PartitionLag(partition.topic(), partition.partition(), end,
					(commit != null) ? commit.offset() : null, lag, timeLag));
		}
		lags.sort(Comparator.comparingInt((PartitionLag p) -> topics.indexOf(p.topic()))
			.thenComparingInt(PartitionLag::partition));
		return lags;
	}

	/**
	 * Records on {@code topics} the group has not consumed yet, from offsets alone: a
	 * transaction marker or an aborted record between the group and a partition's end
	 * counts as one waiting ({@link #read} tells them apart by reading the partition).
	 */
	long waiting(List<String> topics, String group) throws Exception {
		Positions read = positions(topics, group);
		return read.partitions()
			.stream()
			.mapToLong((p) -> Math.max(0, read.ends().get(p).offset() - read.nextToConsume().get(p)))
			.sum();
	}

	private Positions positions(List<String> topics, String group) throws Exception {
		Admin admin = admin();
		Map<String, org.apache.kafka.clients.admin.TopicDescription> described = admin.describeTopics(topics)
			.allTopicNames()
			.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		List<TopicPartition> partitions = topics.stream()
			.flatMap((topic) -> described.get(topic)
				.partitions()
				.stream()
				.map((p) -> new TopicPartition(topic, p.partition())))
			.toList();
		// Committed offsets first: the group commits while we read, and an end offset
		// read before a commit could be below it (a negative lag); read after, it never
		// is.
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(admin, partitions, OffsetSpec.earliest());
		Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(admin, partitions, OffsetSpec.latest());
		Map<TopicPartition, Long> nextToConsume = new HashMap<>();
		for (TopicPartition partition : partitions) {
			OffsetAndMetadata commit = committed.get(partition);
			// Never committed, or committed before retention deleted those records: the
			// group starts (auto-offset-reset earliest) at the oldest record still there.
			nextToConsume.put(partition,
					Math.max((commit != null) ? commit.offset() : 0, starts.get(partition).offset()));
		}
		return new Positions(partitions, committed, ends, nextToConsume);
	}

	/**
	 * Where the group stands on each partition of some topics.
	 *
	 * @param committed the group's committed offsets (none where it never committed)
	 * @param ends each partition's end, read after the commits
	 * @param nextToConsume the first offset the group will read
	 */
	private record Positions(List<TopicPartition> partitions, Map<TopicPartition, OffsetAndMetadata> committed,
			Map<TopicPartition, ListOffsetsResultInfo> ends, Map<TopicPartition, Long> nextToConsume) {
	}

	private Map<TopicPartition, ListOffsetsResultInfo> offsets(Admin admin, List<TopicPartition> partitions,
			OffsetSpec spec) throws Exception {
		return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), (p) -> spec)))
			.all()
			.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * From each position, as far as it can be read in time: the timestamp of the first
	 * record the group will receive, or that there is none before the partition's end.
	 */
	private Probed probe(Map<TopicPartition, Long> positions, Map<TopicPartition, ListOffsetsResultInfo> ends) {
		Map<TopicPartition, Instant> found = new HashMap<>();
		Set<TopicPartition> none = new HashSet<>();
		try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(this.probeConfig, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			probe.assign(positions.keySet());
			positions.forEach(probe::seek);
			long deadline = System.nanoTime() + this.timeout.toNanos();
			while (found.size() + none.size() < positions.size() && System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : probe.poll(Duration.ofMillis(100))) {
					// the first record returned for a partition is the one at its
					// position
					found.putIfAbsent(new TopicPartition(record.topic(), record.partition()),
							Instant.ofEpochMilli(record.timestamp()));
				}
				for (TopicPartition partition : positions.keySet()) {
					// past the markers and aborted records without a record: none waits
					// (read_committed stops at an open transaction, short of the end)
					if (!found.containsKey(partition) && probe.position(partition) >= ends.get(partition).offset()) {
						none.add(partition);
					}
				}
				probe.pause(found.keySet());
				probe.pause(none);
			}
		}
		return new Probed(found, none);
	}

	/**
	 * What the probe saw of the lagging partitions.
	 *
	 * @param oldest the timestamp of the first record waiting, by partition
	 * @param nothingToConsume partitions behind only by markers and aborted records
	 */
	private record Probed(Map<TopicPartition, Instant> oldest, Set<TopicPartition> nothingToConsume) {

		static final Probed NOTHING = new Probed(Map.of(), Set.of());

	}

	private static Double secondsSince(Instant then, Instant now) {
		if (then == null) {
			return null;
		}
		return Math.max(0, Duration.between(then, now).toMillis() / 1000.0);
	}

	private synchronized Admin admin() {
		if (this.admin == null) {
			this.admin = Admin.create(this.adminConfig);
		}
		return this.admin;
	}

	@Override
	public synchronized void destroy() {
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(1));
		}
	}

}
