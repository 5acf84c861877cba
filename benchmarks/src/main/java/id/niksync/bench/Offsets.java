package id.niksync.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where partner-sync's consumer group stands on a topic, read through the broker's admin
 * API.
 */
final class Offsets {

	/** partner-sync's spring.kafka.consumer.group-id. */
	static final String GROUP = "partner-sync";

	static final String TOPIC = "nik-changes";

	private Offsets() {
	}

	static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin) throws Exception {
		return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
	}

	/** Whether the group has committed every partition up to {@code ends}. */
	static boolean reached(Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> ends) {
		for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
			OffsetAndMetadata offset = committed.get(end.getKey());
			if (offset == null || offset.offset() < end.getValue()) {
				return false;
			}
		}
		return true;
	}

	/** Records on {@code nik-changes} the group has not committed yet. */
	static long lag(Admin admin, Map<TopicPartition, OffsetAndMetadata> committed) throws Exception {
		long lag = 0;
		for (Map.Entry<TopicPartition, Long> end : endOffsetsByPartition(admin, TOPIC).entrySet()) {
			OffsetAndMetadata offset = committed.get(end.getKey());
			lag += end.getValue() - ((offset != null) ? offset.offset() : 0);
		}
		return lag;
	}

	static Map<TopicPartition, Long> endOffsetsByPartition(Admin admin, String topic) throws Exception {
		Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
		for (TopicPartition partition : partitions(admin, topic)) {
			latest.put(partition, OffsetSpec.latest());
		}
		Map<TopicPartition, Long> ends = new LinkedHashMap<>();
		admin.listOffsets(latest)
			.all()
			.get(10, TimeUnit.SECONDS)
			.forEach((partition, info) -> ends.put(partition, info.offset()));
		return ends;
	}

	static long endOffsets(Admin admin, String topic) throws Exception {
		return endOffsetsByPartition(admin, topic).values().stream().mapToLong(Long::longValue).sum();
	}

	private static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
		List<TopicPartition> partitions = new ArrayList<>();
		admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get(10, TimeUnit.SECONDS)
			.get(topic)
			.partitions()
			.forEach((info) -> partitions.add(new TopicPartition(topic, info.partition())));
		return partitions;
	}

}
