package id.niksync.registry.republish;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RepublishJobRepository {

	private final JdbcClient jdbc;

	RepublishJobRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insertRegion(UUID id, String prefix, long total, Requester requester, Instant now) {
		insert(id, RepublishJob.Kind.REGION, prefix, null, total, requester, now);
	}

	void insertListed(UUID id, List<String> niks, Map<String, Long> aboveVersions, long total, Requester requester,
			Instant now) {
		insert(id, RepublishJob.Kind.NIKS, null, niks.size(), total, requester, now);
		this.jdbc.sql("""
				INSERT INTO republish_job_nik (job_id, nik, above_version)
				SELECT ?, t.nik, t.above FROM unnest(?::varchar[], ?::bigint[]) AS t(nik, above)""")
			.params(id, niks.toArray(String[]::new), niks.stream().map(aboveVersions::get).toArray(Long[]::new))
			.update();
	}

	/** Of {@code niks}, those to republish above a version, with it. */
	Map<String, Long> aboveVersions(UUID id, List<String> niks) {
		Map<String, Long> above = new java.util.HashMap<>();
		this.jdbc
			.sql("SELECT nik, above_version FROM republish_job_nik WHERE job_id = ? AND nik = ANY(?)"
					+ " AND above_version IS NOT NULL")
			.params(id, niks.toArray(String[]::new))
			.query((rs) -> {
				above.put(rs.getString(1), rs.getLong(2));
			});
		return above;
	}

	private void insert(UUID id, RepublishJob.Kind kind, String prefix, Integer nikCount, long total,
			Requester requester, Instant now) {
		this.jdbc.sql("""
				INSERT INTO republish_job (id, kind, region_prefix, nik_count, state, total, requested_by, reason,
				    started_at, updated_at)
				VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?)""")
			.params(id, kind.name(), prefix, nikCount, total, requester.operator(), requester.reason(),
					Timestamp.from(now), Timestamp.from(now))
			.update();
	}

	/**
	 * Serialises the starts of region jobs (a transaction-scoped advisory lock), so two
	 * concurrent starts cannot both see no overlapping job. The holder counts its region
	 * (millions of residents for a province) before it commits, so this waits longer than
	 * the pool's 5 s {@code lock_timeout} for the rest of the transaction.
	 */
	void lockRegionJobs() {
		this.jdbc.sql("SELECT set_config('lock_timeout', '60s', true)").query(String.class).single();
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('republish_job_region_start'))")
			.query((rs, n) -> 1)
			.list();
	}

	/** Whether a running region job covers the prefix, or lies inside it. */
	boolean runningOverlapping(String prefix) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM republish_job WHERE state = 'RUNNING' AND kind = 'REGION'
				    AND (region_prefix LIKE ? || '%' OR ? LIKE region_prefix || '%'))""")
			.params(prefix, prefix)
			.query(Boolean.class)
			.single();
	}

	Optional<RepublishJob> find(UUID id) {
		return this.jdbc.sql("SELECT * FROM republish_job WHERE id = ?")
			.param(id)
			.query(RepublishJobRepository::map)
			.optional();
	}

	/**
	 * Locks a running job for one batch, if {@code worker} still holds it: an instance
	 * whose claim was taken over stops instead of reading the same cursor.
	 */
	Optional<RepublishJob> lockRunning(UUID id, String worker) {
		return this.jdbc.sql("SELECT * FROM republish_job WHERE id = ? AND state = 'RUNNING' AND worker = ? FOR UPDATE")
			.params(id, worker)
			.query(RepublishJobRepository::map)
			.optional();
	}

	/** Locks a job for an operator's change. */
	Optional<RepublishJob> lock(UUID id) {
		return this.jdbc.sql("SELECT * FROM republish_job WHERE id = ? FOR UPDATE")
			.param(id)
			.query(RepublishJobRepository::map)
			.optional();
	}

	/**
	 * Running jobs {@code worker} may take: unclaimed, its own, or held by a claim that
	 * ran out (an instance that died, or gave the job up when the database went away).
	 */
	List<UUID> claimable(String worker) {
		return this.jdbc.sql("""
				SELECT id FROM republish_job
				WHERE state = 'RUNNING' AND (worker IS NULL OR worker = ? OR lease_until < clock_timestamp())
				ORDER BY started_at""").param(worker).query(UUID.class).list();
	}

	/**
	 * Claims a running job for {@code worker} for {@code lease}, unless another instance
	 * holds a claim that has not run out.
	 * @return whether {@code worker} holds the job now
	 */
	boolean claim(UUID id, String worker, Duration lease) {
		return this.jdbc.sql("""
				UPDATE republish_job SET worker = ?, lease_until = clock_timestamp() + make_interval(secs => ?)
				WHERE id = ? AND state = 'RUNNING'
				    AND (worker IS NULL OR worker = ? OR lease_until < clock_timestamp())""")
			.params(worker, seconds(lease), id, worker)
			.update() == 1;
	}

	/**
	 * Lets every job {@code worker} holds go, so another instance need not wait for the
	 * lease.
	 */
	int releaseAll(String worker) {
		return this.jdbc
			.sql("UPDATE republish_job SET worker = NULL, lease_until = NULL WHERE state = 'RUNNING' AND worker = ?")
			.param(worker)
			.update();
	}

	/** The next NIKs a NIKS job was asked for, after its cursor. */
	List<String> listedAfter(UUID id, String afterNik, int limit) {
		return this.jdbc.sql("SELECT nik FROM republish_job_nik WHERE job_id = ? AND nik > ? ORDER BY nik LIMIT ?")
			.params(id, afterNik, limit)
			.query(String.class)
			.list();
	}

	/**
	 * Counts a batch, moves the cursor past it and renews the worker's claim; the last
	 * batch ends the claim (a completed job names no worker and no lease). The total,
	 * counted at the start, grows to what is done when residents registered meanwhile are
	 * republished too.
	 * @return the job's totals so far
	 */
	Totals advance(UUID id, int done, int missing, String lastNik, boolean finished, Duration lease, Instant now) {
		return this.jdbc.sql("""
				UPDATE republish_job SET done = done + ?, total = greatest(total, done + ?),
				    missing = missing + ?, last_nik = coalesce(?, last_nik),
				    state = ?, updated_at = ?, finished_at = ?,
				    worker = CASE WHEN ? THEN NULL ELSE worker END,
				    lease_until = CASE WHEN ? THEN NULL ELSE clock_timestamp() + make_interval(secs => ?) END
				WHERE id = ?
				RETURNING done, missing""")
			.params(done, done, missing, lastNik,
					(finished ? RepublishJob.State.COMPLETED : RepublishJob.State.RUNNING).name(), Timestamp.from(now),
					finished ? Timestamp.from(now) : null, finished, finished, seconds(lease), id)
			.query((rs, n) -> new Totals(rs.getLong("done"), rs.getLong("missing")))
			.single();
	}

	void fail(UUID id, String failure, Instant now) {
		this.jdbc.sql("""
				UPDATE republish_job SET state = 'FAILED', failure = ?, updated_at = ?, finished_at = ?,
				    worker = NULL, lease_until = NULL
				WHERE id = ? AND state = 'RUNNING'""")
			.params(failure, Timestamp.from(now), Timestamp.from(now), id)
			.update();
	}

	/**
	 * A FAILED job runs again from its cursor, claimed by nobody yet. The failure stays
	 * in the audit row of the resume.
	 */
	void resume(UUID id, Instant now) {
		this.jdbc.sql("""
				UPDATE republish_job SET state = 'RUNNING', failure = NULL, updated_at = ?, finished_at = NULL,
				    worker = NULL, lease_until = NULL
				WHERE id = ? AND state = 'FAILED'""").params(Timestamp.from(now), id).update();
	}

	/**
	 * Whether a NIKS job lists a NIK outside {@code regions} (prefixes of digits): asked
	 * of the database, not by reading a list of up to {@code max-niks} on every poll.
	 */
	boolean listsOutside(UUID id, List<String> regions) {
		String[] prefixes = regions.stream().map((region) -> region + "%").toArray(String[]::new);
		return Boolean.TRUE.equals(this.jdbc.sql(
				"SELECT EXISTS (SELECT 1 FROM republish_job_nik WHERE job_id = ? AND NOT (nik LIKE ANY (CAST(? AS text[]))))")
			.params(id, prefixes)
			.query(Boolean.class)
			.single());
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	private static RepublishJob map(ResultSet rs, int row) throws SQLException {
		int nikCount = rs.getInt("nik_count");
		Integer nikCountOrNull = rs.wasNull() ? null : nikCount;
		Timestamp finished = rs.getTimestamp("finished_at");
		Timestamp leaseUntil = rs.getTimestamp("lease_until");
		return new RepublishJob(rs.getObject("id", UUID.class), RepublishJob.Kind.valueOf(rs.getString("kind")),
				rs.getString("region_prefix"), nikCountOrNull, RepublishJob.State.valueOf(rs.getString("state")),
				rs.getLong("total"), rs.getLong("done"), rs.getLong("missing"), rs.getString("last_nik"),
				rs.getString("requested_by"), rs.getString("reason"), rs.getString("failure"),
				rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
				(finished != null) ? finished.toInstant() : null, rs.getString("worker"),
				(leaseUntil != null) ? leaseUntil.toInstant() : null);
	}

	record Totals(long done, long missing) {
	}

}
