package id.niksync.sync.deadletter;

import java.util.List;

import id.niksync.sync.replica.ReplicaLockWaits;
import id.niksync.sync.replica.ReplicaReadTimedOutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Resolves dead letters that no longer matter: a PENDING letter whose NIK the replica
 * already holds at the letter's version or a newer one (a later change arrived, an
 * operator re-onlined the NIK) becomes SUPERSEDED, so it stops counting as pending and
 * the NIK shows ONLINE. A letter without a version (it could not even be decoded) is
 * never superseded: only an operator can tell what it was. Nor is a letter the registry
 * did not sign ({@code SIGNATURE_INVALID}): someone else wrote to the topic, and that
 * stays in front of an operator whatever version it claimed.
 *
 * <p>
 * Its statement waits at most {@link ReplicaLockWaits#WAIT} for a lock
 * ({@link ReplicaLockWaits}): behind an {@code ALTER TABLE} or {@code VACUUM FULL} of the
 * replica it would otherwise wait for the driver's socket timeout (a minute), holding a
 * connection and either Spring's one scheduler thread, which the other scheduled tasks
 * share, or an operator's replay request. How long it works once it has its locks is not
 * bounded: a million letters to supersede at once take what they take.
 */
@Component
class DeadLetterSupersession {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterSupersession.class);

	private final JdbcClient jdbc;

	private final ReplicaLockWaits lockWaits;

	/**
	 * Runs in a row that met a lock; only the first of a streak is logged above DEBUG.
	 */
	private int lockedRuns;

	DeadLetterSupersession(JdbcClient jdbc, ReplicaLockWaits lockWaits) {
		this.jdbc = jdbc;
		this.lockWaits = lockWaits;
	}

	/**
	 * The ids of the letters it resolved.
	 * @throws ReplicaReadTimedOutException when it waited too long for a lock
	 */
	List<Long> supersede() {
		return supersede(null);
	}

	/**
	 * Whether letter {@code id} was pending and is superseded now (for a replay, which
	 * need not send it then: it would change nothing on the replica). In the caller's
	 * transaction, if it has one.
	 * @throws ReplicaReadTimedOutException when it waited too long for a lock
	 */
	boolean supersedeNow(long id) {
		return !supersede(id).isEmpty();
	}

	private List<Long> supersede(Long onlyId) {
		return this.lockWaits.bounded(() -> update(onlyId));
	}

	private List<Long> update(Long onlyId) {
		return this.jdbc.sql("""
				UPDATE dead_letter d SET status = 'SUPERSEDED', superseded_by_version = r.version, updated_at = now()
				FROM replica_resident r
				WHERE d.status = 'PENDING' AND d.nik = r.nik AND d.event_version IS NOT NULL
				  AND d.reason_code <> :forged AND r.version >= d.event_version
				  AND (CAST(:id AS BIGINT) IS NULL OR d.id = :id)
				RETURNING d.id""")
			.param("forged", DeadLetterReason.SIGNATURE_INVALID.code())
			.param("id", onlyId)
			.query(Long.class)
			.list();
	}

	@Scheduled(fixedDelayString = "${niksync.dead-letters.supersede-interval:5s}",
			initialDelayString = "${niksync.dead-letters.supersede-interval:5s}")
	void run() {
		try {
			List<Long> resolved = supersede();
			this.lockedRuns = 0;
			if (!resolved.isEmpty()) {
				log.info("{} dead letter(s) superseded: the replica holds their NIK at their version or newer ({})",
						resolved.size(), (resolved.size() <= 20) ? resolved : resolved.subList(0, 20) + "…");
			}
		}
		catch (ReplicaReadTimedOutException ex) {
			if (this.lockedRuns++ == 0) {
				log.info("Dead-letter supersession waited {} for a lock on the replica and gave up; it tries again "
						+ "every run until the lock is gone", ReplicaLockWaits.WAIT);
			}
		}
		catch (DataAccessException | CannotCreateTransactionException ex) {
			// The replica database is away (no connection for the transaction is not a
			// DataAccessException): the next run catches up.
			log.debug("Dead-letter supersession skipped: {}", ex.toString());
		}
	}

}
