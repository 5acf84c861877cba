package id.niksync.sync.deadletter;

import java.util.List;

import id.niksync.sync.replica.ReplicaReadTimedOutException;
import id.niksync.sync.replica.TimedReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

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
 * Its statement gives up after {@value #TIMEOUT_SECONDS} s (the server cancels it):
 * behind a lock on the replica (an {@code ALTER TABLE}, a {@code VACUUM FULL}) it would
 * otherwise wait for the driver's socket timeout (a minute), holding a connection and
 * either Spring's one scheduler thread, which the other scheduled tasks share, or an
 * operator's replay request.
 */
@Component
class DeadLetterSupersession {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterSupersession.class);

	static final int TIMEOUT_SECONDS = 5;

	private final JdbcClient jdbc;

	DeadLetterSupersession(JdbcTemplate jdbc) {
		this.jdbc = TimedReads.client(jdbc, TIMEOUT_SECONDS);
	}

	/**
	 * The ids of the letters it resolved.
	 * @throws ReplicaReadTimedOutException when the server cancelled it for its timeout
	 */
	List<Long> supersede() {
		return supersede(null);
	}

	/**
	 * Whether letter {@code id} was pending and is superseded now (for a replay, which
	 * need not send it then: it would change nothing on the replica). In the caller's
	 * transaction, if it has one.
	 * @throws ReplicaReadTimedOutException when the server cancelled it for its timeout
	 */
	boolean supersedeNow(long id) {
		return !supersede(id).isEmpty();
	}

	private List<Long> supersede(Long onlyId) {
		try {
			return update(onlyId);
		}
		catch (DataAccessException ex) {
			if (TimedReads.cancelled(ex)) {
				throw new ReplicaReadTimedOutException(ex);
			}
			throw ex;
		}
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
			if (!resolved.isEmpty()) {
				log.info("{} dead letter(s) superseded: the replica holds their NIK at their version or newer ({})",
						resolved.size(), (resolved.size() <= 20) ? resolved : resolved.subList(0, 20) + "…");
			}
		}
		catch (DataAccessException | ReplicaReadTimedOutException ex) {
			// The replica database is away, or locked: the next run catches up.
			log.debug("Dead-letter supersession skipped: {}", ex.toString());
		}
	}

}
