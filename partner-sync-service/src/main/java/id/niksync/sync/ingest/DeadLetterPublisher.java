package id.niksync.sync.ingest;

import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Publishes dead letters that always fit the producer's request limit. A record just
 * under the broker's limit no longer fits once the dead-letter headers are added; its
 * send would fail on every attempt and wedge its partition. Such a letter goes without
 * its value: its coordinates, key, reason and a message saying where the original still
 * is, logged once at ERROR. A record whose key or own headers alone are too large (no
 * registry record's are: a forgery, its megabytes compressed to a few kilobytes on the
 * topic) goes without those too.
 */
class DeadLetterPublisher extends DeadLetterPublishingRecoverer {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

	/** More than a record batch's header and a record's own varints ever take. */
	private static final int OVERHEAD = 61 + 21;

	/** The most of the failure's own message a shortened letter keeps. */
	private static final int MESSAGE_KEPT = 1000;

	private final int maxRequestSize;

	DeadLetterPublisher(KafkaOperations<Object, Object> template,
			BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destination) {
		super(template, destination);
		Object configured = template.getProducerFactory()
			.getConfigurationProperties()
			.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
		this.maxRequestSize = (configured != null) ? Integer.parseInt(configured.toString().strip()) : 1_048_576;
	}

	@Override
	protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
			TopicPartition topicPartition, Headers headers, byte[] key, byte[] value) {
		ProducerRecord<Object, Object> letter = super.createProducerRecord(record, topicPartition, headers, key, value);
		if (sizeUpperBound(letter) <= this.maxRequestSize) {
			return letter;
		}
		String where = record.topic() + "-" + record.partition() + "@" + record.offset();
		headers.remove(KafkaHeaders.DLT_EXCEPTION_STACKTRACE);
		Header message = headers.lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
		String because = (message != null && message.value() != null)
				? cut(new String(message.value(), StandardCharsets.UTF_8)) + "; " : "";
		String withoutValue = "payload of " + length(letter.value()) + " bytes";
		ProducerRecord<Object, Object> smaller = shortened(letter, letter.key(), headers,
				because + withoutValue + " omitted: too large for the dead-letter topic; the original is " + where);
		if (sizeUpperBound(smaller) <= this.maxRequestSize) {
			log.error(
					"Dead letter for {} sent without its {}-byte value: with its headers it exceeds max.request.size {};"
							+ " the original stays on the topic until retention removes it",
					where, length(letter.value()), this.maxRequestSize);
			return smaller;
		}
		int headersLength = 0;
		for (Header header : headers.toArray()) {
			if (!header.key().startsWith("kafka_dlt-") && !header.key().startsWith("niksync-dlt-")) {
				headersLength += length(header.value());
				headers.remove(header.key());
			}
		}
		log.error("Dead letter for {} sent with its coordinates and reason only: its {}-byte key or {} bytes of its own"
				+ " headers exceed max.request.size {}; the original stays on the topic until retention removes it",
				where, length(letter.key()), headersLength, this.maxRequestSize);
		return shortened(letter, null, headers,
				because + withoutValue + ", key of " + length(letter.key()) + " bytes and " + headersLength
						+ " bytes of the record's own headers omitted: too large for the dead-letter topic;"
						+ " the original is " + where);
	}

	private static ProducerRecord<Object, Object> shortened(ProducerRecord<Object, Object> letter, Object key,
			Headers headers, String message) {
		headers.remove(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
		headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, message.getBytes(StandardCharsets.UTF_8));
		return new ProducerRecord<>(letter.topic(), letter.partition(), key, null, headers);
	}

	private static String cut(String message) {
		return (message.length() <= MESSAGE_KEPT) ? message : message.substring(0, MESSAGE_KEPT) + "…";
	}

	private static int sizeUpperBound(ProducerRecord<Object, Object> letter) {
		int size = OVERHEAD + length(letter.key()) + length(letter.value());
		for (Header header : letter.headers()) {
			size += 10 + header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
		}
		return size;
	}

	private static int length(Object value) {
		if (value instanceof byte[] bytes) {
			return bytes.length;
		}
		return (value != null) ? value.toString().getBytes(StandardCharsets.UTF_8).length : 0;
	}

}
