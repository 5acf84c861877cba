package id.niksync.sync.replica;

import id.niksync.access.DatabaseUnavailable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads the replica for operators. A read of one row by its key that takes longer than
 * {@value #READ_TIMEOUT_SECONDS} s waits for a lock (an {@code ALTER TABLE} or
 * {@code VACUUM FULL} of the replica): the server cancels it then, answered
 * {@code 503 REPLICA_READ_TIMED_OUT}, instead of the request holding its thread and a
 * connection of the pool until the driver's socket timeout (60 s), so that a few
 * operators asking again and again cannot take the pool from ingestion and partners.
 */
@Component
public class ReplicaQueries {

	static final int READ_TIMEOUT_SECONDS = 5;

	private final JdbcClient jdbc;

	ReplicaQueries(JdbcTemplate jdbc) {
		this.jdbc = TimedReads.client(jdbc, READ_TIMEOUT_SECONDS);
	}

	/**
	 * @throws ReplicaReadTimedOutException when the server cancelled the read for its
	 * timeout, or it waited the pool's {@code lock_timeout} for a lock
	 */
	@Transactional(readOnly = true)
	public ReplicaState state(String nik) {
		try {
			return this.jdbc.sql("""
					SELECT version, status, change_seq, change_type, registry_changed_at, replicated_at
					FROM replica_resident WHERE nik = ?""")
				.param(nik)
				.query((rs, n) -> new ReplicaState(nik, true, rs.getLong("version"), rs.getString("status"),
						rs.getLong("change_seq"), rs.getString("change_type"),
						rs.getTimestamp("registry_changed_at").toInstant(),
						rs.getTimestamp("replicated_at").toInstant()))
				.optional()
				.orElseGet(() -> ReplicaState.absent(nik));
		}
		catch (DataAccessException ex) {
			// cancelled for its timeout, or gave up waiting for a lock first (the pool's
			// lock_timeout is as long): either way the read did not answer in time
			if (TimedReads.cancelled(ex) || DatabaseUnavailable.lockWaitTimedOut(ex)) {
				throw new ReplicaReadTimedOutException(ex);
			}
			throw ex;
		}
	}

}
