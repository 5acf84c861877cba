package id.niksync.sync.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * One-time upgrade step. Until the ingest group became
 * {@code spring.kafka.consumer.group-id}, it was the listener id
 * ({@value #PREVIOUS_GROUP}). Before the listeners start, when the configured group has
 * no committed offset on the topic and the previous group has, this copies the previous
 * group's offsets, so the upgraded service goes on where it left off instead of at
 * {@code auto-offset-reset} (earliest: every retained record again, harmless because of
 * the version check, but hours for a whole country). If the broker cannot be asked, it
 * says so and the service starts anyway (README, "Failover").
 */
@Component
class PreviousGroupOffsets implements SmartInitializingSingleton {

	static final String PREVIOUS_GROUP = "nik-changes-ingest";

	private static final Logger log = LoggerFactory.getLogger(PreviousGroupOffsets.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final KafkaAdmin kafkaAdmin;

	private final String group;

	private final String topic;

	PreviousGroupOffsets(KafkaAdmin kafkaAdmin, ConsumerFactory<?, ?> consumers, TopicProperties topic) {
		this.kafkaAdmin = kafkaAdmin;
		this.group = (String) consumers.getConfigurationProperties().get(ConsumerConfig.GROUP_ID_CONFIG);
		this.topic = topic.name();
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.group == null || this.group.equals(PREVIOUS_GROUP)) {
			return;
		}
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			if (!committed(admin, this.group).isEmpty()) {
				return;
			}
			Map<TopicPartition, OffsetAndMetadata> previous = committed(admin, PREVIOUS_GROUP);
			if (previous.isEmpty()) {
				return;
			}
			admin
				.alterConsumerGroupOffsets(this.group, previous,
						new AlterConsumerGroupOffsetsOptions().timeoutMs((int) TIMEOUT.toMillis()))
				.all()
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			log.info("Consumer group {} starts where {} left off: offsets of {} partitions of {} copied", this.group,
					PREVIOUS_GROUP, previous.size(), this.topic);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			// Another instance that started at the same moment may have copied them and
			// joined (the broker refuses changes to a group with members): harmless.
			log.warn(
					"Could not check or copy {}'s committed offsets to {} ({}); unless another instance did, {} starts"
							+ " at auto-offset-reset (README, \"Failover\")",
					PREVIOUS_GROUP, this.group, ex.toString(), this.group);
		}
	}

	private Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String groupId)
			throws InterruptedException, ExecutionException, TimeoutException {
		return admin
			.listConsumerGroupOffsets(groupId,
					new ListConsumerGroupOffsetsOptions().timeoutMs((int) TIMEOUT.toMillis()))
			.partitionsToOffsetAndMetadata()
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.entrySet()
			.stream()
			.filter((e) -> e.getKey().topic().equals(this.topic) && e.getValue() != null)
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

}
