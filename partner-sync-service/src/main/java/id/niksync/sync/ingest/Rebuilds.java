package id.niksync.sync.ingest;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import id.niksync.sync.audit.OperatorAudit;
import id.niksync.sync.system.CodedProblemException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rebuilds of the replica ({@code replica_rebuild}): started by an operator or by the
 * service itself, run by whichever instance holds the lease, their progress saved as they
 * go so another instance (or a restart) goes on where the last one stopped.
 */
@Component
public class Rebuilds {

	private static final String COLUMNS = "id, status, trigger, requested_by, reason, started_at, updated_at,"
			+ " finished_at, start_offsets, end_offsets, positions, records_read, records_applied, records_skipped,"
			+ " failure";

	private final JdbcClient jdbc;

	private final OperatorAudit audit;

	Rebuilds(JdbcClient jdbc, OperatorAudit audit) {
		this.jdbc = jdbc;
		this.audit = audit;
	}

	/**
	 * An operator's rebuild, audited in the same transaction.
	 * @throws RebuildRunningException when one is already running
	 */
	@Transactional
	public Rebuild startByOperator(String operator, String reason, Offsets offsets) {
		Rebuild rebuild = insert("OPERATOR", operator, reason, offsets);
		this.audit.record(operator, "REBUILD_REPLICA", "rebuild:" + rebuild.id(), reason,
				"from %d record(s) of %d partition(s)".formatted(rebuild.recordsToRead(), offsets.ends().length));
		return rebuild;
	}

	/**
	 * A rebuild the service starts by itself.
	 * @throws RebuildRunningException when one is already running
	 */
	@Transactional
	Rebuild startBySystem(String trigger, String reason, Offsets offsets) {
		return insert(trigger, "system", reason, offsets);
	}

	private Rebuild insert(String trigger, String by, String reason, Offsets offsets) {
		try {
			long id = this.jdbc.sql("""
					INSERT INTO replica_rebuild (status, trigger, requested_by, reason, start_offsets, end_offsets,
					    positions)
					VALUES ('RUNNING', ?, ?, ?, ?::bigint[], ?::bigint[], ?::bigint[]) RETURNING id""")
				.params(trigger, by, reason, literal(offsets.starts()), literal(offsets.ends()),
						literal(offsets.starts()))
				.query(Long.class)
				.single();
			return find(id).orElseThrow();
		}
		catch (DuplicateKeyException ex) {
			throw new RebuildRunningException();
		}
	}

	@Transactional(readOnly = true)
	public Optional<Rebuild> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM replica_rebuild WHERE id = ?")
			.param(id)
			.query(Rebuilds::row)
			.optional();
	}

	/** The running rebuild, or else the one that started last. */
	@Transactional(readOnly = true)
	public Optional<Rebuild> latest() {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM replica_rebuild ORDER BY (status = 'RUNNING') DESC, id DESC LIMIT 1")
			.query(Rebuilds::row)
			.optional();
	}

	@Transactional(readOnly = true)
	public List<Rebuild> recent(int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM replica_rebuild ORDER BY id DESC LIMIT ?")
			.param(limit)
			.query(Rebuilds::row)
			.list();
	}

	/** The last rebuild that read everything it set out to. */
	@Transactional(readOnly = true)
	Optional<Rebuild> lastCompleted() {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM replica_rebuild WHERE status = 'COMPLETED' ORDER BY id DESC LIMIT 1")
			.query(Rebuilds::row)
			.optional();
	}

	/**
	 * Takes the running rebuild for {@code owner} if nobody else holds its lease (or the
	 * holder's lease has lapsed: it died or lost the database).
	 */
	@Transactional
	Optional<Rebuild> claim(String owner, Duration lease) {
		List<Long> ids = this.jdbc.sql("""
				UPDATE replica_rebuild SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond'
				WHERE status = 'RUNNING' AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < now())
				RETURNING id""").params(owner, lease.toMillis(), owner).query(Long.class).list();
		return ids.isEmpty() ? Optional.empty() : find(ids.get(0));
	}

	/**
	 * Saves progress and renews the lease; false when the lease is no longer
	 * {@code owner}'s (another instance took over, or the rebuild was ended).
	 */
	@Transactional
	boolean progress(long id, String owner, Duration lease, long[] positions, long read, long applied, long skipped) {
		return this.jdbc.sql("""
				UPDATE replica_rebuild SET positions = ?::bigint[], records_read = ?, records_applied = ?,
				    records_skipped = ?, updated_at = now(), lease_until = now() + ? * interval '1 millisecond'
				WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?""")
			.params(literal(positions), read, applied, skipped, lease.toMillis(), id, owner)
			.update() == 1;
	}

	@Transactional
	boolean complete(long id, String owner, long[] positions, long read, long applied, long skipped) {
		return this.jdbc.sql("""
				UPDATE replica_rebuild SET status = 'COMPLETED', positions = ?::bigint[], records_read = ?,
				    records_applied = ?, records_skipped = ?, updated_at = now(), finished_at = now(),
				    lease_owner = NULL, lease_until = NULL
				WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?""")
			.params(literal(positions), read, applied, skipped, id, owner)
			.update() == 1;
	}

	@Transactional
	boolean fail(long id, String owner, String failure) {
		return this.jdbc.sql("""
				UPDATE replica_rebuild SET status = 'FAILED', failure = ?, updated_at = now(), finished_at = now(),
				    lease_owner = NULL, lease_until = NULL
				WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?""").params(failure, id, owner).update() == 1;
	}

	private static String literal(long[] values) {
		return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(",", "{", "}"));
	}

	private static Rebuild row(ResultSet rs, int n) throws SQLException {
		return Rebuild.of(rs.getLong("id"), rs.getString("status"), rs.getString("trigger"),
				rs.getString("requested_by"), rs.getString("reason"), instant(rs.getTimestamp("started_at")),
				instant(rs.getTimestamp("updated_at")), instant(rs.getTimestamp("finished_at")),
				longs(rs.getArray("start_offsets")), longs(rs.getArray("end_offsets")), longs(rs.getArray("positions")),
				rs.getLong("records_read"), rs.getLong("records_applied"), rs.getLong("records_skipped"),
				rs.getString("failure"));
	}

	private static long[] longs(Array array) throws SQLException {
		Long[] values = (Long[]) array.getArray();
		return Arrays.stream(values).mapToLong(Long::longValue).toArray();
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * Per partition (index = partition), where a rebuild starts reading and where it
	 * stops.
	 */
	public record Offsets(long[] starts, long[] ends) {
	}

	/** Only one rebuild runs at a time. */
	public static class RebuildRunningException extends CodedProblemException {

		RebuildRunningException() {
			super(HttpStatus.CONFLICT, "REBUILD_RUNNING",
					"A rebuild of the replica is already running: GET /ops/replica/rebuilds/latest shows its progress");
		}

	}

}
