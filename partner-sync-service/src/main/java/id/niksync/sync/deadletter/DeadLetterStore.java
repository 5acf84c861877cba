package id.niksync.sync.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;

import id.niksync.identity.Nik;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.NikChanged;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records each dead letter once: the original coordinates are unique, so a redelivered
 * DLT record changes nothing.
 */
@Component
class DeadLetterStore {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterStore.class);

	private final JdbcClient jdbc;

	private final NikChangedCodec codec;

	DeadLetterStore(JdbcClient jdbc, NikChangedCodec codec) {
		this.jdbc = jdbc;
		this.codec = codec;
	}

	@Transactional
	public boolean record(ConsumerRecord<String, byte[]> record) {
		String nik = null;
		Long version = null;
		try {
			NikChanged event = this.codec.decode(record.value());
			nik = event.getNik();
			version = event.getVersion();
		}
		catch (RuntimeException undecodable) {
			// Keep the key as the NIK when it is one: operators search by NIK.
			nik = (record.key() != null && Nik.parse(record.key()).isValid()) ? record.key() : null;
		}
		if (nik != null && nik.length() > 16) {
			nik = null;
		}
		DeadLetterReason reason = DeadLetterReason.fromCode(text(record, DeadLetterHeaders.REASON));
		String replayOf = text(record, DeadLetterHeaders.REPLAY_OF);
		int inserted = this.jdbc.sql("""
				INSERT INTO dead_letter (reason_code, exception_class, exception_message, original_topic,
				    original_partition, original_offset, original_timestamp, dlt_partition, dlt_offset, record_key,
				    payload, nik, event_version, replay_of)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (original_topic, original_partition, original_offset) DO NOTHING""")
			.params(reason.code(),
					orElse(text(record, DeadLetterHeaders.EXCEPTION_CLASS),
							text(record, KafkaHeaders.DLT_EXCEPTION_FQCN)),
					text(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE),
					orElse(text(record, KafkaHeaders.DLT_ORIGINAL_TOPIC), record.topic()),
					intHeader(record, KafkaHeaders.DLT_ORIGINAL_PARTITION, record.partition()),
					longHeader(record, KafkaHeaders.DLT_ORIGINAL_OFFSET, record.offset()),
					new Timestamp(longHeader(record, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, record.timestamp())),
					record.partition(), record.offset(), truncate(record.key(), 200), record.value(), nik, version,
					(replayOf != null) ? Long.valueOf(replayOf) : null)
			.update();
		if (inserted == 1) {
			log.warn("Dead letter recorded: {} for {} from {}-{}@{}", reason, Nik.mask(nik),
					text(record, KafkaHeaders.DLT_ORIGINAL_TOPIC),
					intHeader(record, KafkaHeaders.DLT_ORIGINAL_PARTITION, -1),
					longHeader(record, KafkaHeaders.DLT_ORIGINAL_OFFSET, -1));
		}
		return inserted == 1;
	}

	private static String text(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static int intHeader(ConsumerRecord<?, ?> record, String name, int fallback) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null && header.value().length == 4)
				? ByteBuffer.wrap(header.value()).getInt() : fallback;
	}

	private static long longHeader(ConsumerRecord<?, ?> record, String name, long fallback) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null && header.value().length == 8)
				? ByteBuffer.wrap(header.value()).getLong() : fallback;
	}

	private static String orElse(String value, String fallback) {
		return (value != null) ? value : fallback;
	}

	private static String truncate(String value, int max) {
		return (value != null && value.length() > max) ? value.substring(0, max) : value;
	}

}
