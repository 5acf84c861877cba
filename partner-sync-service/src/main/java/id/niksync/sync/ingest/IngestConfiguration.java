package id.niksync.sync.ingest;

import java.nio.charset.StandardCharsets;

import id.niksync.schemas.EventDecodingException;
import id.niksync.schemas.NikChangedCodec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka plumbing for ingestion. Failures that belong to the record (undecodable, unknown
 * schema, breaks the contract, rejected by a constraint) go to the dead-letter topic at
 * once with a reason code; anything else is treated as environmental and retried with
 * backoff, without limit.
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	/** Header carrying the stable reason code of a dead letter. */
	static final String REASON_HEADER = "niksync-dlt-reason";

	@Bean
	NikChangedCodec nikChangedCodec() {
		return new NikChangedCodec();
	}

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
			IngestProperties settings) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(topic.deadLetterName(), record.partition()));
		recoverer.setHeadersFunction((record, ex) -> new RecordHeaders(new RecordHeader[] {
				new RecordHeader(REASON_HEADER, reasonCode(ex).getBytes(StandardCharsets.UTF_8)) }));
		ExponentialBackOff backOff = new ExponentialBackOff(settings.backoffInitial().toMillis(), 2.0);
		backOff.setMaxInterval(settings.backoffMax().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
		handler.addNotRetryableExceptions(EventDecodingException.class, InvalidEventException.class,
				DataIntegrityViolationException.class);
		return handler;
	}

	static String reasonCode(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof EventDecodingException decoding) {
				return decoding.reasonCode();
			}
			if (cause instanceof InvalidEventException invalid) {
				return invalid.reasonCode();
			}
			if (cause instanceof DataIntegrityViolationException) {
				return "CONSTRAINT_VIOLATION";
			}
		}
		return "UNCLASSIFIED";
	}

}
