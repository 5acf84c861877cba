package id.niksync.sync.ingest;

import java.nio.charset.StandardCharsets;

import id.niksync.sync.deadletter.DeadLetterHeaders;
import id.niksync.sync.deadletter.DeadLetterReason;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * Sends a record that failed to the dead-letter topic, with its reason code, and counts
 * it. Two callers: the error handler, for a record given up on after its attempts (or at
 * once for a kind known to be the record's, found when it was applied), and
 * {@link NikChangesListener} itself, for a record refused before anything was done with
 * it (not signed by the registry, undecodable, breaking the contract). Those are sent
 * from within the batch, so that a burst of them costs a send each instead of a
 * redelivery of the rest of the partition each.
 */
@Component
class DeadLettering {

	private static final Logger log = LoggerFactory.getLogger(DeadLettering.class);

	private final DeadLetterPublisher publisher;

	private final TopicProperties topic;

	private final IngestProperties settings;

	private final IngestMetrics metrics;

	DeadLettering(KafkaOperations<Object, Object> template, TopicProperties topic, IngestProperties settings,
			IngestMetrics metrics) {
		this.topic = topic;
		this.settings = settings;
		this.metrics = metrics;
		this.publisher = new DeadLetterPublisher(template,
				(record, ex) -> new TopicPartition(topic.deadLetterName(), record.partition()));
		this.publisher.setHeadersFunction((record, ex) -> new RecordHeaders(new RecordHeader[] {
				new RecordHeader(DeadLetterHeaders.REASON,
						FailureClassifier.reasonFor(ex).code().getBytes(StandardCharsets.UTF_8)),
				// Spring's own headers name the listener's wrapper exceptions;
				// this names what failed.
				new RecordHeader(DeadLetterHeaders.EXCEPTION_CLASS,
						IngestConfiguration.rootCause(ex).getClass().getName().getBytes(StandardCharsets.UTF_8)) }));
	}

	/**
	 * Sends the letter and waits for the broker's acknowledgement.
	 * @throws org.springframework.kafka.KafkaException when it could not be sent: the
	 * record's offset must not be committed then
	 */
	void send(ConsumerRecord<?, ?> record, Exception ex) {
		DeadLetterReason reason = FailureClassifier.reasonFor(ex);
		Throwable root = IngestConfiguration.rootCause(ex);
		// logged once sent: a letter the broker refuses is sent again, later
		this.publisher.accept(record, ex);
		if (reason == DeadLetterReason.SIGNATURE_INVALID) {
			// Someone else wrote to the topic, or a key is missing here.
			log.warn(
					"Record {}-{}@{} is not signed by the registry ({}); sent to {} as SIGNATURE_INVALID, never applied",
					record.topic(), record.partition(), record.offset(), IngestConfiguration.masked(root.getMessage()),
					this.topic.deadLetterName());
		}
		if (reason == DeadLetterReason.UNCLASSIFIED) {
			// Once, at ERROR: a kind of failure nobody anticipated, worth a look.
			log.error("Record {}-{}@{} failed {} times ({}: {}); sent to {} as UNCLASSIFIED", record.topic(),
					record.partition(), record.offset(), this.settings.maxRecordAttempts(), root.getClass().getName(),
					IngestConfiguration.masked(root.getMessage()), this.topic.deadLetterName());
		}
		this.metrics.deadLettered(reason);
	}

}
