package id.niksync.sync.reonline;

import java.util.ArrayList;
import java.util.List;

import id.niksync.identity.Nik;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ends pending requests, one statement each way, so any instance can do it and two doing
 * it at once end each request once: ONLINE when the replica holds the version the
 * registry published (or a newer one), or, for a request the registry could not be asked
 * for, when the replica holds the NIK at all (someone else re-onlined it meanwhile);
 * FAILED with the dead letter's id when that change, or a later one, was dead-lettered;
 * FAILED when it stayed pending too long. While nothing is pending the watcher asks
 * {@link #anyPending()} alone, which reads an empty partial index.
 */
@Component
class ReonlineSettlement {

	private static final Logger log = LoggerFactory.getLogger(ReonlineSettlement.class);

	private static final String RETURNING = " RETURNING r.id, r.nik, r.status, r.code";

	private final JdbcClient jdbc;

	private final ReonlineProperties settings;

	ReonlineSettlement(JdbcClient jdbc, ReonlineProperties settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/**
	 * Whether any request is pending: one look at the partial index of pending requests,
	 * autocommitted. The watcher runs {@link #settle()}, a transaction of four
	 * statements, only when it says yes: the watcher asks five times a second, and
	 * nothing is pending most of the time.
	 * @return whether {@link #settle()} has anything to end
	 */
	boolean anyPending() {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM reonline_request WHERE status = 'PENDING')")
			.query(Boolean.class)
			.single();
	}

	/**
	 * @return how many requests ended
	 */
	@Transactional
	int settle() {
		List<Ended> ended = new ArrayList<>();
		ended.addAll(
				this.jdbc
					.sql("""
							UPDATE reonline_request r SET status = 'ONLINE', online_version = rr.version, """
							+ ReonlineRequests.FINISH + """

									FROM replica_resident rr
									WHERE r.status = 'PENDING' AND r.target_version IS NOT NULL AND rr.nik = r.nik
									  AND rr.version >= r.target_version""" + RETURNING)
					.query(Ended.class)
					.list());
		ended.addAll(this.jdbc.sql("""
				UPDATE reonline_request r SET status = 'ONLINE', online_version = rr.version, """
				+ ReonlineRequests.FINISH + """

						FROM replica_resident rr
						WHERE r.status = 'PENDING' AND r.target_version IS NULL AND r.forward_error IS NOT NULL
						  AND rr.nik = r.nik""" + RETURNING)
			.query(Ended.class)
			.list());
		ended.addAll(this.jdbc
			.sql("""
					UPDATE reonline_request r SET status = 'FAILED', code = 'DEAD_LETTERED', dead_letter_id = d.id,
					    reason = 'The re-onlined change reached the dead letters (' || d.reason_code || '): dead letter '
					        || d.id || '; an operator replays it once its cause is fixed, then the NIK can be asked for again', """
					+ ReonlineRequests.FINISH + """

							FROM dead_letter d
							WHERE r.status = 'PENDING' AND r.target_version IS NOT NULL AND d.nik = r.nik
							  AND d.event_version >= r.target_version AND d.status = 'PENDING'""" + RETURNING)
			.query(Ended.class)
			.list());
		ended.addAll(this.jdbc.sql("""
				UPDATE reonline_request r SET status = 'FAILED',
				    code = CASE WHEN r.target_version IS NULL AND r.forward_error IS NOT NULL
				        THEN 'REGISTRY_UNAVAILABLE' ELSE 'NOT_ONLINE_IN_TIME' END,
				    reason = CASE WHEN r.target_version IS NULL AND r.forward_error IS NOT NULL
				        THEN 'The registry could not be asked (last: ' || r.forward_error || ') and partner-sync'
				            || ' stopped retrying; ask again once the registry answers'
				        WHEN r.target_version IS NULL
				        THEN 'Never forwarded to the registry (partner-sync stopped while asking); ask again'
				        ELSE 'The replica did not reach version ' || r.target_version || ' within ' || ? || ' s:'
				            || ' check the sync status (lag, paused ingestion) and the dead letters' END, """
				+ ReonlineRequests.FINISH + """

						WHERE r.status = 'PENDING' AND r.requested_at < clock_timestamp() - make_interval(secs => ?)"""
				+ RETURNING)
			.params(this.settings.expireAfter().toSeconds(), this.settings.expireAfter().toMillis() / 1000.0)
			.query(Ended.class)
			.list());
		for (Ended request : ended) {
			log.info("Re-online request {} for {} ended {}{}", request.id(), Nik.mask(request.nik()), request.status(),
					(request.code() != null) ? " (" + request.code() + ")" : "");
		}
		return ended.size();
	}

	record Ended(java.util.UUID id, String nik, String status, String code) {
	}

}
