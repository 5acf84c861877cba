package id.niksync.sync.ingest;

import java.nio.charset.StandardCharsets;

import id.niksync.sync.deadletter.DeadLetterHeaders;
import id.niksync.identity.Nik;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka plumbing for ingestion. Failures that belong to the record (undecodable, unknown
 * schema, breaks the contract, refused by a constraint) go to the dead-letter topic at
 * once with a reason code; anything else is environmental and retried with backoff,
 * without end, while the circuit breaker pauses consumption.
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	@Bean
	NewTopic nikChangesTopic(TopicProperties topic) {
		return TopicBuilder.name(topic.name())
			.partitions(topic.partitions())
			.replicas(topic.replicationFactor())
			.build();
	}

	@Bean
	NewTopic nikChangesDeadLetterTopic(TopicProperties topic) {
		return TopicBuilder.name(topic.deadLetterName())
			.partitions(topic.partitions())
			.replicas(topic.replicationFactor())
			.build();
	}

	@Bean
	DefaultErrorHandler ingestErrorHandler(KafkaOperations<Object, Object> template, TopicProperties topic,
			IngestProperties settings, IngestMetrics metrics) {
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(topic.deadLetterName(), record.partition()));
		deadLetters.setHeadersFunction(
				(record, ex) -> new RecordHeaders(new RecordHeader[] { new RecordHeader(DeadLetterHeaders.REASON,
						FailureClassifier.reasonFor(ex).code().getBytes(StandardCharsets.UTF_8)) }));
		ExponentialBackOff backOff = new ExponentialBackOff(settings.backoffInitial().toMillis(), 2.0);
		backOff.setMaxInterval(settings.backoffMax().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
			deadLetters.accept(record, ex);
			metrics.deadLettered(FailureClassifier.reasonFor(ex));
		}, backOff);
		FailureClassifier.RECORD_FAILURES.forEach(handler::addNotRetryableExceptions);
		handler.setRetryListeners(new RetryListener() {
			@Override
			public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int attempt) {
				metrics.retried();
			}

			@Override
			public void failedDelivery(org.apache.kafka.clients.consumer.ConsumerRecords<?, ?> records, Exception ex,
					int attempt) {
				metrics.retried();
			}
		});
		return handler;
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
