package id.niksync.registry.outbox;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.identity.Nik;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.ProducerListener;

@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

	@Bean
	NikChangedCodec nikChangedCodec() {
		return new NikChangedCodec();
	}

	/**
	 * A compacted changelog keyed by NIK: the latest full state of every NIK is kept
	 * without time limit, which is what partner-sync rebuilds a replica from. Declared
	 * the same way by partner-sync-service; an existing topic keeps its settings (README,
	 * "Rebuilding the replica").
	 */
	@Bean
	NewTopic nikChangesTopic(TopicProperties topic) {
		return TopicBuilder.name(topic.name())
			.partitions(topic.partitions())
			.replicas(topic.replicationFactor())
			.compact()
			.config("min.insync.replicas", String.valueOf(Math.min(2, topic.replicationFactor())))
			.build();
	}

	/**
	 * Replaces Spring Kafka's default producer listener, which logs a failed record's key
	 * and value: the key is a NIK and the value a whole resident. Only the masked NIK is
	 * logged.
	 */
	@Bean
	ProducerListener<Object, Object> maskingProducerListener() {
		return new ProducerListener<>() {
			@Override
			public void onError(ProducerRecord<Object, Object> record, RecordMetadata metadata, Exception ex) {
				LoggerFactory.getLogger(ProducerListener.class)
					.warn("Send to {} failed for key {}: {}", record.topic(),
							(record.key() != null) ? Nik.mask(record.key().toString()) : null, ex.toString());
			}
		};
	}

}
