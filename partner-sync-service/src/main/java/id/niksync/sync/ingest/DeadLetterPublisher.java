package id.niksync.sync.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import id.niksync.sync.deadletter.DeadLetterHeaders;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Publishes dead letters that always fit the producer's request limit. A record just
 * under the broker's limit no longer fits once the dead-letter headers are added; its
 * send would fail on every attempt and wedge its partition. Such a letter goes without
 * its value: its coordinates, key, reason and a message saying where the original still
 * is, logged once at ERROR. A record whose own headers or key alone are too large (no
 * registry record's are: a forgery, its megabytes compressed to a few kilobytes on the
 * topic) goes without its own headers, and if need be its key, too. A letter the broker
 * itself refuses as too large goes again, smaller ({@link #publish}).
 */
class DeadLetterPublisher extends DeadLetterPublishingRecoverer {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

	/** More than a record batch's header and a record's own varints ever take. */
	private static final int OVERHEAD = 61 + 21;

	/**
	 * What a letter keeps of its headers when the record's own are too large: where the
	 * record was, the reason and the exception's class and message.
	 */
	private static final List<String> LETTER_HEADERS = List.of(KafkaHeaders.DLT_ORIGINAL_TOPIC,
			KafkaHeaders.DLT_ORIGINAL_PARTITION, KafkaHeaders.DLT_ORIGINAL_OFFSET, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP,
			KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP,
			KafkaHeaders.DLT_EXCEPTION_FQCN, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, KafkaHeaders.DLT_EXCEPTION_MESSAGE,
			DeadLetterHeaders.REASON, DeadLetterHeaders.EXCEPTION_CLASS);

	/** The most of the failure's own message a shortened letter keeps. */
	private static final int MESSAGE_KEPT = 1000;

	/** The same, for a letter the broker refused as too large. */
	private static final int REFUSED_MESSAGE_KEPT = 200;

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
		Header message = headers.lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
		String because = (message != null && message.value() != null)
				? cut(new String(message.value(), StandardCharsets.UTF_8)) + "; " : "";
		String omitted = " omitted: too large for the dead-letter topic; the original is " + where;
		String withoutValue = "payload of " + length(letter.value()) + " bytes";
		headers.remove(KafkaHeaders.DLT_EXCEPTION_STACKTRACE);
		ProducerRecord<Object, Object> smaller = shortened(letter, letter.key(), headers,
				because + withoutValue + omitted);
		if (sizeUpperBound(smaller) <= this.maxRequestSize) {
			log.error(
					"Dead letter for {} sent without its {}-byte value: with its headers it exceeds max.request.size {};"
							+ " the original stays on the topic until retention or compaction removes it",
					where, length(letter.value()), this.maxRequestSize);
			return smaller;
		}
		// The record's own headers (any name, a letter's own included) are a forger's to
		// choose: only the letter's, as the recoverer set them last, are kept.
		Headers kept = lettersOwn(headers);
		int ownHeaders = headersLength(headers) - headersLength(kept);
		String withoutHeaders = withoutValue + " and " + ownHeaders + " bytes of the record's own headers";
		smaller = shortened(letter, letter.key(), kept, because + withoutHeaders + omitted);
		if (sizeUpperBound(smaller) > this.maxRequestSize) {
			smaller = shortened(letter, null, kept,
					because + withoutHeaders + " and its key of " + length(letter.key()) + " bytes" + omitted);
		}
		log.error(
				"Dead letter for {} sent with its coordinates, reason and {} only: its {} bytes of headers of its own"
						+ " or its {}-byte key exceed max.request.size {}; the original stays on the topic until"
						+ " retention or compaction removes it",
				where, (smaller.key() != null) ? "key" : "no key", ownHeaders, length(letter.key()),
				this.maxRequestSize);
		return smaller;
	}

	/**
	 * A letter the broker refused as too large for the dead-letter topic (its
	 * {@code max.message.bytes} below this producer's {@code max.request.size}, which the
	 * letters are cut to) is sent again with its coordinates, reason and key only, then
	 * without its key, then with its coordinates and reason alone. Before, it was sent
	 * again and refused again for as long as the topic's setting stayed, the record's
	 * letter never stored.
	 */
	@Override
	protected void publish(ProducerRecord<Object, Object> letter, KafkaOperations<Object, Object> template,
			ConsumerRecord<?, ?> record) {
		KafkaException refused;
		try {
			super.publish(letter, template, record);
			return;
		}
		catch (KafkaException ex) {
			if (!refusedAsTooLarge(ex)) {
				throw ex;
			}
			refused = ex;
		}
		String where = record.topic() + "-" + record.partition() + "@" + record.offset();
		Header message = letter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
		// short: the topic's limit may be a few kilobytes
		String because = (message != null && message.value() != null)
				? cut(new String(message.value(), StandardCharsets.UTF_8), REFUSED_MESSAGE_KEPT) + "; " : "";
		String omitted = "payload of " + length(record.value()) + " bytes and the record's own headers omitted: the"
				+ " broker refused the letter as too large for the dead-letter topic; the original is " + where;
		boolean cutAlready = letter.value() == null
				&& headersLength(letter.headers()) == headersLength(lettersOwn(letter.headers()));
		// smaller and smaller; each as the broker may take it
		List<ProducerRecord<Object, Object>> smaller = new ArrayList<>();
		List<String> kept = new ArrayList<>();
		if (!cutAlready) {
			smaller.add(shortened(letter, letter.key(), lettersOwn(letter.headers()), because + omitted));
			kept.add("its coordinates, reason, the failure's class and message and its key");
		}
		if (letter.key() != null) {
			smaller.add(shortened(letter, null, lettersOwn(letter.headers()),
					because + omitted + "; its key of " + length(letter.key()) + " bytes omitted too"));
			kept.add("its coordinates, reason and the failure's class and message");
		}
		smaller.add(bare(letter));
		kept.add("its coordinates and reason alone");
		for (int i = 0; i < smaller.size(); i++) {
			try {
				super.publish(smaller.get(i), template, record);
				log.error("Dead letter for {} refused by the broker as too large: sent with {} (the dead-letter"
						+ " topic's max.message.bytes is below this producer's max.request.size {}); the original"
						+ " stays on the topic until retention or compaction removes it", where, kept.get(i),
						this.maxRequestSize);
				return;
			}
			catch (KafkaException ex) {
				if (!refusedAsTooLarge(ex)) {
					throw ex;
				}
				ex.addSuppressed(refused);
				refused = ex;
			}
		}
		throw refused;
	}

	/**
	 * The least a letter can be: where the record is and why it failed, for a topic whose
	 * {@code max.message.bytes} is a few hundred bytes.
	 */
	private static ProducerRecord<Object, Object> bare(ProducerRecord<Object, Object> letter) {
		Headers headers = new RecordHeaders();
		for (String name : List.of(KafkaHeaders.DLT_ORIGINAL_TOPIC, KafkaHeaders.DLT_ORIGINAL_PARTITION,
				KafkaHeaders.DLT_ORIGINAL_OFFSET, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, DeadLetterHeaders.REASON)) {
			Header last = letter.headers().lastHeader(name);
			if (last != null) {
				headers.add(last);
			}
		}
		return new ProducerRecord<>(letter.topic(), letter.partition(), (Object) null, (Object) null, headers);
	}

	private static boolean refusedAsTooLarge(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof RecordTooLargeException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The letter's own headers, the last of each by exact name: not the record's, whose
	 * names are a forger's to choose.
	 */
	private static Headers lettersOwn(Headers headers) {
		Headers kept = new RecordHeaders();
		for (String name : LETTER_HEADERS) {
			Header last = headers.lastHeader(name);
			if (last != null) {
				kept.add(last);
			}
		}
		return kept;
	}

	private static int headersLength(Headers headers) {
		int length = 0;
		for (Header header : headers) {
			length += header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
		}
		return length;
	}

	private static ProducerRecord<Object, Object> shortened(ProducerRecord<Object, Object> letter, Object key,
			Headers headers, String message) {
		headers.remove(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
		headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, message.getBytes(StandardCharsets.UTF_8));
		return new ProducerRecord<>(letter.topic(), letter.partition(), key, null, headers);
	}

	private static String cut(String message) {
		return cut(message, MESSAGE_KEPT);
	}

	private static String cut(String message, int kept) {
		if (message.length() <= kept) {
			return message;
		}
		int end = Character.isHighSurrogate(message.charAt(kept - 1)) ? kept - 1 : kept;
		return message.substring(0, end) + "…";
	}

	private static int sizeUpperBound(ProducerRecord<Object, Object> letter) {
		int size = OVERHEAD + length(letter.key()) + length(letter.value());
		for (Header header : letter.headers()) {
			size += 10 + header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
		}
		return size;
	}

	/**
	 * Bytes as sent: a key is text the producer writes as ISO-8859-1, one byte a
	 * character ({@code key.serializer.encoding}, the other half of the consumer's
	 * reading), not UTF-8, which counted a key's bytes of 0x80 and above twice.
	 */
	private static int length(Object value) {
		if (value instanceof byte[] bytes) {
			return bytes.length;
		}
		return (value != null) ? value.toString().length() : 0;
	}

}
