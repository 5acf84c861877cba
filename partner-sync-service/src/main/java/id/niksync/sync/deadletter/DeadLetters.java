package id.niksync.sync.deadletter;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import id.niksync.schemas.StrictUtf8;

import org.apache.kafka.common.header.Header;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Reads the dead-letter store. */
@Component
@Transactional(readOnly = true)
public class DeadLetters {

	static final String COLUMNS = """
			id, reason_code, status, nik, event_version, original_topic, original_partition, original_offset,
			original_timestamp, attempts, replay_of, created_at, updated_at, last_replayed_at, discard_reason,
			superseded_by_version""";

	private final JdbcClient jdbc;

	DeadLetters(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Page page(DeadLetterFilter filter, int page, int size) {
		long total = this.jdbc.sql("SELECT count(*) FROM dead_letter" + filter.where())
			.params(filter.params())
			.query(Long.class)
			.single();
		List<DeadLetter> items = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM dead_letter" + filter.where() + " ORDER BY id DESC LIMIT ? OFFSET ?")
			.params(filter.params())
			.param(size)
			.param((long) page * size)
			.query(DeadLetters::map)
			.list();
		return new Page(items, page, size, total);
	}

	public Optional<DeadLetter> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM dead_letter WHERE id = ?")
			.param(id)
			.query(DeadLetters::map)
			.optional();
	}

	/**
	 * The letter, locked until the caller's transaction ends, so two replays or a replay
	 * and a discard of one letter take turns.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<DeadLetter> findForUpdate(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM dead_letter WHERE id = ? FOR UPDATE")
			.param(id)
			.query(DeadLetters::map)
			.optional();
	}

	/** The dead letters of one NIK, newest first. */
	public List<DeadLetter> forNik(String nik) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM dead_letter WHERE nik = ? ORDER BY id DESC LIMIT 50")
			.param(nik)
			.query(DeadLetters::map)
			.list();
	}

	/** Pending dead letters per reason code, and the oldest one's creation time. */
	public Pending pending() {
		Map<DeadLetterReason, Long> byReason = new LinkedHashMap<>();
		this.jdbc
			.sql("SELECT reason_code, count(*) FROM dead_letter WHERE status = 'PENDING'"
					+ " GROUP BY reason_code ORDER BY reason_code")
			.query((rs) -> {
				byReason.merge(DeadLetterReason.fromCode(rs.getString(1)), rs.getLong(2), Long::sum);
			});
		Timestamp oldest = this.jdbc.sql("SELECT min(created_at) FROM dead_letter WHERE status = 'PENDING'")
			.query(Timestamp.class)
			.optional()
			.orElse(null);
		long total = byReason.values().stream().mapToLong(Long::longValue).sum();
		return new Pending(total, byReason, (oldest != null) ? oldest.toInstant() : null);
	}

	/**
	 * The key and bytes exactly as they were on the topic, in one read; either may be
	 * {@code null} (a tombstone, a record without a key).
	 */
	Original original(long id) {
		// Letters stored before record_key_bytes existed have only the text form.
		return this.jdbc
			.sql("SELECT coalesce(record_key_bytes, convert_to(record_key, 'UTF8')), payload FROM dead_letter"
					+ " WHERE id = ?")
			.param(id)
			.query((rs, n) -> new Original(
					(rs.getBytes(1) != null) ? new String(rs.getBytes(1), StandardCharsets.ISO_8859_1) : null,
					rs.getBytes(2)))
			.single();
	}

	/** Every header the dead-letter record carried, exactly. */
	List<Header> headers(long id) {
		// list(), not single(): a letter stored before headers were kept has none (null)
		List<byte[]> stored = this.jdbc.sql("SELECT headers FROM dead_letter WHERE id = ?")
			.param(id)
			.query((rs, n) -> rs.getBytes(1))
			.list();
		return DeadLetterHeaders.decode(stored.isEmpty() ? null : stored.get(0));
	}

	/**
	 * The letter's replay chain, oldest first: the letters it is a replay of, itself, and
	 * the letters replays of it became (at most 100).
	 */
	List<DeadLetter> chain(long id) {
		return this.jdbc
			.sql("""
					WITH RECURSIVE up(id, replay_of, depth) AS (
					    SELECT id, replay_of, 0 FROM dead_letter WHERE id = :id
					    UNION ALL
					    SELECT d.id, d.replay_of, up.depth + 1 FROM dead_letter d JOIN up ON d.id = up.replay_of
					    WHERE up.depth < 100),
					down(id, depth) AS (
					    SELECT id, 0 FROM dead_letter WHERE id = :id
					    UNION ALL
					    SELECT d.id, down.depth + 1 FROM dead_letter d JOIN down ON d.replay_of = down.id
					    WHERE down.depth < 100)
					""" + "SELECT " + COLUMNS + " FROM dead_letter"
					+ " WHERE id IN (SELECT id FROM up UNION SELECT id FROM down) ORDER BY id LIMIT 100")
			.param("id", id)
			.query(DeadLetters::map)
			.list();
	}

	Map<String, String> failure(long id) {
		return this.jdbc.sql("SELECT exception_class, exception_message FROM dead_letter WHERE id = ?")
			.param(id)
			.query((rs, n) -> {
				Map<String, String> failure = new LinkedHashMap<>();
				failure.put("exceptionClass", rs.getString(1));
				failure.put("exceptionMessage", rs.getString(2));
				return failure;
			})
			.single();
	}

	List<Long> matchingIds(DeadLetterFilter filter, int limit) {
		// Discarded letters are final: never selected for replay.
		return this.jdbc
			.sql("SELECT id FROM dead_letter" + filter.where() + " AND status <> 'DISCARDED' ORDER BY id LIMIT ?")
			.params(filter.params())
			.param(limit)
			.query(Long.class)
			.list();
	}

	static DeadLetter map(ResultSet rs, int row) throws SQLException {
		long version = rs.getLong("event_version");
		Long eventVersion = rs.wasNull() ? null : version;
		long replayOf = rs.getLong("replay_of");
		Long replayOfId = rs.wasNull() ? null : replayOf;
		long superseded = rs.getLong("superseded_by_version");
		Long supersededBy = rs.wasNull() ? null : superseded;
		return new DeadLetter(rs.getLong("id"), DeadLetterReason.fromCode(rs.getString("reason_code")),
				DeadLetterStatus.valueOf(rs.getString("status")), rs.getString("nik"), eventVersion,
				rs.getString("original_topic"), rs.getInt("original_partition"), rs.getLong("original_offset"),
				instant(rs, "original_timestamp"), rs.getInt("attempts"), replayOfId, instant(rs, "created_at"),
				instant(rs, "updated_at"), instant(rs, "last_replayed_at"), rs.getString("discard_reason"),
				supersededBy);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp ts = rs.getTimestamp(column);
		return (ts != null) ? ts.toInstant() : null;
	}

	/**
	 * @param key the key's bytes one character each (ISO-8859-1), as the producer sends
	 * them back ({@code key.serializer.encoding})
	 * @param payload the value's bytes
	 */
	record Original(String key, byte[] payload) {

		/** The key for an operator: its bytes read as UTF-8. */
		String keyText() {
			return (this.key != null)
					? new String(this.key.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8) : null;
		}

		/**
		 * The key's bytes in hexadecimal when they are no UTF-8 (then {@link #keyText}
		 * shows U+FFFD for some and an operator could not tell what they were), else
		 * none.
		 */
		String keyHexIfNotUtf8() {
			if (this.key == null) {
				return null;
			}
			byte[] bytes = this.key.getBytes(StandardCharsets.ISO_8859_1);
			return (StrictUtf8.decode(bytes) != null) ? null : HexFormat.of().formatHex(bytes);
		}

	}

	public record Page(List<DeadLetter> items, int page, int size, long total) {
	}

	/**
	 * @param total pending dead letters
	 * @param byReason pending dead letters per reason code
	 * @param oldestCreatedAt when the oldest pending one arrived (null when none)
	 */
	public record Pending(long total, Map<DeadLetterReason, Long> byReason, Instant oldestCreatedAt) {
	}

}
