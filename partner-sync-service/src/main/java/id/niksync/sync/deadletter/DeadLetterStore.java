package id.niksync.sync.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import id.niksync.identity.Nik;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.NikChanged;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records each dead letter once: its original coordinates and content are unique
 * ({@link #contentDigest}), so a redelivered DLT record changes nothing. Whatever the
 * record's bytes, it is stored: text columns get what PostgreSQL text can hold (no NUL,
 * cut to the column), the key's exact bytes go to a bytea column, every header in its
 * exact form too, and should the database still refuse the row for its content, the
 * letter is stored in a minimal form (coordinates, key, payload) rather than retried.
 * Only an unreachable database makes the DLT consumer wait.
 */
@Component
class DeadLetterStore {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterStore.class);

	/**
	 * The most of a letter's key, value or headers stored ({@link Kept}), unless the
	 * producer's {@code max.request.size} allows more.
	 */
	static final int KEPT_AT_MOST = 1_048_576;

	/** The names of the headers Spring Kafka's dead-letter publishing adds. */
	private static final String SPRING_DLT_HEADERS = "kafka_dlt-";

	/** The most of a key read to show it as text: 200 characters of up to 4 bytes. */
	private static final int KEY_TEXT_BYTES = 800;

	/** What Kafka takes as a topic's name. */
	private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

	private final JdbcClient jdbc;

	private final NikChangedCodec codec;

	private final TransactionTemplate transaction;

	private final int keptAtMost;

	DeadLetterStore(JdbcClient jdbc, NikChangedCodec codec, TransactionTemplate transaction,
			ProducerFactory<?, ?> producers) {
		this.jdbc = jdbc;
		this.codec = codec;
		this.transaction = transaction;
		// the letters partner-sync sends are cut to the producer's request limit
		Object configured = producers.getConfigurationProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
		this.keptAtMost = Math.max(KEPT_AT_MOST,
				(configured != null) ? Integer.parseInt(configured.toString().strip()) : 0);
	}

	public boolean record(ConsumerRecord<String, byte[]> record) {
		Origin origin = Origin.of(record);
		if (storedBeforeDigests(origin)) {
			// stored once per origin then, as now once per origin and content
			log.info("Dead letter from DLT {}@{} names an original record a letter stored before content digests"
					+ " names: not stored again", record.partition(), record.offset());
			return false;
		}
		DeadLetterReason reason = DeadLetterReason.fromCode(text(record, DeadLetterHeaders.REASON));
		Kept kept = Kept.of(record, this.keptAtMost);
		byte[] digest = contentDigest(record, reason);
		boolean stored;
		try {
			stored = Boolean.TRUE
				.equals(this.transaction.execute((tx) -> recordFully(record, origin, reason, kept, digest)));
		}
		catch (DataAccessException ex) {
			if (!refusedForContent(ex)) {
				throw ex;
			}
			log.error("Dead letter from DLT {}@{} stored in minimal form: the database refused its content ({})",
					record.partition(), record.offset(), ex.getMostSpecificCause().getClass().getSimpleName());
			stored = Boolean.TRUE
				.equals(this.transaction.execute((tx) -> recordMinimally(record, origin, reason, kept, digest, ex)));
		}
		if (!stored) {
			// a trace of the second: the first may have been written by someone else
			log.info("Dead letter from DLT {}@{} is one stored already (same original record and content): not"
					+ " stored again", record.partition(), record.offset());
		}
		return stored;
	}

	private boolean recordFully(ConsumerRecord<String, byte[]> record, Origin origin, DeadLetterReason reason,
			Kept kept, byte[] digest) {
		String nik = null;
		Long version = null;
		try {
			NikChanged event = this.codec.decode(record.value());
			nik = event.getNik();
			version = event.getVersion();
		}
		catch (RuntimeException | StackOverflowError undecodable) {
			// A stack overflow too: a record dead-lettered for one overflows again here,
			// and must be stored, not retried for ever. Keep the key as the NIK when it
			// is one: operators search by NIK.
			nik = (record.key() != null && Nik.parse(record.key()).isValid()) ? record.key() : null;
		}
		if (nik != null && (nik.length() > 16 || nik.indexOf('\u0000') >= 0)) {
			nik = null;
		}
		// Honoured only when it names a letter that was replayed: anyone who can write
		// the topic can set the header, and it must not file a letter in another one's
		// chain. The replay marks its letter REPLAYED in a transaction that commits only
		// after Kafka acknowledged the record, so a replay that fails at once can arrive
		// here before that commit. The letter is locked by id (FOR SHARE waits for that
		// transaction, then reads the row as committed) and its status is read from the
		// locked row: a status in the WHERE clause, even of an outer query, is checked
		// against this statement's snapshot first, filters the row out before any wait,
		// and the link is lost.
		Long replayOf = replayOf(record);
		// A letter is the same letter only with the same origin and the same content
		// (contentDigest): a record dead-lettered twice is stored once, and a letter
		// written ahead of time with the coordinates a record would get no longer hides
		// that record's own. RETURNING's subquery counts the letters stored before this
		// one that name the same origin with other content.
		Optional<Long> sameOrigin = this.jdbc.sql("""
				INSERT INTO dead_letter (reason_code, exception_class, exception_message, original_topic,
				    original_partition, original_offset, original_timestamp, dlt_partition, dlt_offset, record_key,
				    record_key_bytes, payload, headers, nik, event_version, content_digest, replay_of)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
				    (SELECT CASE WHEN status = 'REPLAYED' THEN id END FROM dead_letter WHERE id = ? FOR SHARE))
				ON CONFLICT (original_topic, original_partition, original_offset, content_digest) DO NOTHING
				RETURNING (SELECT count(*) FROM dead_letter o WHERE o.original_topic = dead_letter.original_topic
				    AND o.original_partition = dead_letter.original_partition
				    AND o.original_offset = dead_letter.original_offset)""")
			.params(reason.code(),
					storable(orElse(text(record, DeadLetterHeaders.EXCEPTION_CLASS),
							text(record, KafkaHeaders.DLT_EXCEPTION_FQCN)), 300),
					kept.noted(storable(text(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE), 10_000)),
					origin.fullFormTopic(), origin.partition(), origin.offset(),
					new Timestamp(longHeader(record, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, record.timestamp())),
					record.partition(), record.offset(), kept.keyDropped() ? null : storable(keyText(record), 200),
					kept.key(), kept.value(), kept.headers(), nik, version, digest, replayOf)
			.query(Long.class)
			.optional();
		if (sameOrigin.isEmpty()) {
			return false;
		}
		log.warn("Dead letter recorded: {} for {} from {}", reason, (nik != null) ? Nik.mask(nik) : "no NIK",
				origin.forLog());
		if (sameOrigin.get() > 0) {
			// Not a verdict: the record may have failed again in another way, or its
			// letter been cut to fit the topic the second time.
			log.warn("Dead letter from DLT {}@{} names the same original record {} as {} letter(s) stored before it,"
					+ " with other content: one of them may have been written to the dead-letter topic by someone"
					+ " else", record.partition(), record.offset(), origin.forLog(), sameOrigin.get());
		}
		return true;
	}

	/**
	 * A letter's original topic as a log line may show it: whoever writes the dead-letter
	 * topic chooses the header, and a line break, a full NIK or megabytes in it went into
	 * the log as they came (attack run 2026-12-06).
	 */
	static String topicForLog(String topic) {
		if (topic == null) {
			return "(no topic)";
		}
		return TOPIC_NAME.matcher(topic).matches() ? Nik.maskWithin(topic)
				: "(not a topic name, " + topic.length() + " characters)";
	}

	/**
	 * What is left when even the cleaned row is refused: where the record came from (the
	 * original coordinates, so it is found where it failed), its key and its bytes, so an
	 * operator can still see, replay or discard it.
	 */
	private boolean recordMinimally(ConsumerRecord<String, byte[]> record, Origin origin, DeadLetterReason reason,
			Kept kept, byte[] digest, DataAccessException refusal) {
		return this.jdbc.sql("""
				INSERT INTO dead_letter (reason_code, exception_message, original_topic, original_partition,
				    original_offset, dlt_partition, dlt_offset, record_key_bytes, payload, headers, content_digest)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (original_topic, original_partition, original_offset, content_digest) DO NOTHING""")
			.params(reason.code(),
					kept.noted("Stored in minimal form: the database refused the full row ("
							+ refusal.getMostSpecificCause().getClass().getSimpleName() + ")"),
					origin.minimalFormTopic(), origin.partition(), origin.offset(), record.partition(), record.offset(),
					kept.key(), kept.value(), kept.headers(), digest)
			.update() == 1;
	}

	/**
	 * A refusal of the row's content (SQL state classes 22 data exception and 23
	 * integrity, the unique origin aside, which the insert skips), not of the database.
	 */
	private static boolean refusedForContent(DataAccessException ex) {
		return ex.getMostSpecificCause() instanceof SQLException sql && sql.getSQLState() != null
				&& (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"));
	}

	private static Long replayOf(ConsumerRecord<?, ?> record) {
		String value = text(record, DeadLetterHeaders.REPLAY_OF);
		try {
			return (value != null) ? Long.valueOf(value.strip()) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Whether a letter stored before V16, when letters were unique by origin alone, names
	 * the same original record: such rows have no content digest, which no new letter's
	 * equals, so the group reading the topic again (its offsets reset, or expired while
	 * it was empty) would have stored each of them a second time.
	 */
	private boolean storedBeforeDigests(Origin origin) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM dead_letter WHERE original_topic = ANY (?) AND original_partition = ?
				    AND original_offset = ? AND content_digest IS NULL)""")
			.params(origin.topicsStored(), origin.partition(), origin.offset())
			.query(Boolean.class)
			.single();
	}

	/**
	 * Where a letter says its record came from, read once from its headers: the original
	 * topic as sent ({@code null} without the header), partition and offset. A letter
	 * without them names its own place on the dead-letter topic.
	 */
	private record Origin(String sentTopic, String dltTopic, int partition, long offset) {

		static Origin of(ConsumerRecord<?, ?> record) {
			return new Origin(text(record, KafkaHeaders.DLT_ORIGINAL_TOPIC), record.topic(),
					intHeader(record, KafkaHeaders.DLT_ORIGINAL_PARTITION, record.partition()),
					longHeader(record, KafkaHeaders.DLT_ORIGINAL_OFFSET, record.offset()));
		}

		/**
		 * The original topic as the full form stores it: without the header, the DLT's.
		 */
		String fullFormTopic() {
			return (this.sentTopic != null) ? storable(this.sentTopic, 249) : this.dltTopic;
		}

		/** The same for the minimal form: without the header, the DLT's name, marked. */
		String minimalFormTopic() {
			return (this.sentTopic != null) ? fullFormTopic() : storable(this.dltTopic + " (DLT)", 249);
		}

		/** The original topics a letter of this origin was stored under, either form. */
		String[] topicsStored() {
			return (this.sentTopic != null) ? new String[] { fullFormTopic() }
					: new String[] { fullFormTopic(), minimalFormTopic() };
		}

		/**
		 * The topic as sent (or the DLT's), as {@link #topicForLog} shows it, with the
		 * partition and offset.
		 */
		String forLog() {
			return topicForLog((this.sentTopic != null) ? this.sentTopic : this.dltTopic) + "-" + this.partition + "@"
					+ this.offset;
		}

		/** Never the topic as sent: whoever wrote the letter chose it. */
		@Override
		public String toString() {
			return forLog();
		}

	}

	/**
	 * What of a letter's key, value and headers is stored: each as it came up to
	 * {@code atMost} bytes, none of it beyond, with a note saying so. Nothing
	 * partner-sync sends is larger (its letters fit the producer's 1 MB request limit); a
	 * letter written by someone else as 50 MB of zeros, a few kilobytes on the topic, was
	 * stored whole and answered as 67 MB by the detail view, on a 512 MB heap (attack run
	 * 2026-12-06).
	 */
	record Kept(byte[] key, boolean keyDropped, byte[] value, byte[] headers, String note) {

		static Kept of(ConsumerRecord<String, byte[]> record, int atMost) {
			List<String> left = new ArrayList<>();
			byte[] key = keyBytes(record);
			boolean keyDropped = key != null && key.length > atMost;
			if (keyDropped) {
				left.add("key of " + key.length + " bytes");
				key = null;
			}
			byte[] value = record.value();
			if (value != null && value.length > atMost) {
				left.add("payload of " + value.length + " bytes");
				value = null;
			}
			byte[] headers = DeadLetterHeaders.encode(record.headers());
			if (headers.length > atMost) {
				left.add("headers of " + headers.length + " bytes");
				headers = null;
			}
			return new Kept(key, keyDropped, value, headers, left.isEmpty() ? null : String.join(", ", left)
					+ " not stored: over " + atMost + " bytes, more than a letter partner-sync sends");
		}

		String noted(String message) {
			if (this.note == null) {
				return message;
			}
			return (message != null) ? message + "; " + this.note : this.note;
		}

	}

	/**
	 * What makes two letters of one original record the same letter: the reason code, the
	 * key's bytes, the value and the record's own headers in order, each with its length
	 * (-1 for none). Not the dead-letter headers Spring Kafka and the publisher add (the
	 * exception's message and stack trace, the cause), which differ between two attempts
	 * at the same record.
	 */
	static byte[] contentDigest(ConsumerRecord<String, byte[]> record, DeadLetterReason reason) {
		MessageDigest sha256;
		try {
			sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
		digest(sha256, reason.code().getBytes(StandardCharsets.UTF_8));
		digest(sha256, keyBytes(record));
		digest(sha256, record.value());
		for (Header header : record.headers()) {
			String name = header.key();
			if (!name.startsWith(SPRING_DLT_HEADERS) && !name.equals(DeadLetterHeaders.REASON)
					&& !name.equals(DeadLetterHeaders.EXCEPTION_CLASS)) {
				digest(sha256, name.getBytes(StandardCharsets.UTF_8));
				digest(sha256, header.value());
			}
		}
		return sha256.digest();
	}

	private static void digest(MessageDigest sha256, byte[] bytes) {
		sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt((bytes != null) ? bytes.length : -1).array());
		if (bytes != null) {
			sha256.update(bytes);
		}
	}

	/**
	 * The key's exact bytes: consumers read keys as ISO-8859-1, one character per byte
	 * ({@code key.deserializer.encoding}).
	 */
	private static byte[] keyBytes(ConsumerRecord<String, byte[]> record) {
		return (record.key() != null) ? record.key().getBytes(StandardCharsets.ISO_8859_1) : null;
	}

	/**
	 * The key as text for searching and display: its first bytes read as UTF-8 (a
	 * forger's key may be megabytes; 200 characters of it are stored).
	 */
	private static String keyText(ConsumerRecord<String, byte[]> record) {
		if (record.key() == null) {
			return null;
		}
		String key = record.key();
		byte[] start = key.substring(0, Math.min(key.length(), KEY_TEXT_BYTES)).getBytes(StandardCharsets.ISO_8859_1);
		return new String(start, StandardCharsets.UTF_8);
	}

	/** Text PostgreSQL accepts: NUL replaced, at most {@code max} characters. */
	private static String storable(String value, int max) {
		if (value == null) {
			return null;
		}
		String clean = value.replace('\u0000', '\uFFFD');
		return (clean.length() > max) ? clean.substring(0, max) : clean;
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

}
