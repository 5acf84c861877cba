package id.niksync.registry.outbox;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where the relay's scan for pending outbox rows starts. Marking a row published leaves a
 * dead entry at the low end of the partial index {@code outbox_pending} until VACUUM
 * removes it, and a scan from the start walks every one: after a regency's re-online the
 * scan for one batch took 139 ms (EXPLAIN ANALYZE in a benchmark run), most of it before
 * the first pending row.
 *
 * <p>
 * Every row below the floor is published, or will never commit. The floor may pass an id
 * only once no transaction can still commit a row with it: ids come from
 * {@code outbox_id_seq} (CACHE 1), and a writer has its transaction id before it takes
 * one ({@link Outbox}). So once every transaction that was running when the sequence
 * stood at {@code c} has ended, each row with an id up to {@code c} is either committed,
 * and seen by the next scan, or never will be. The floor then moves to the lowest pending
 * id that scan finds, or past {@code c}. Used by the relay's thread only.
 */
final class PendingFloor {

	/** How often the floor is moved at most: each move costs a statement or two. */
	private static final long INTERVAL_NANOS = Duration.ofMillis(100).toNanos();

	private long floor;

	/** The sequence's value the next move may go past; -1 while there is none. */
	private long candidate = -1;

	/** The first transaction id not yet assigned when {@link #candidate} was read. */
	private long candidateXmax;

	private long lastWork = System.nanoTime() - INTERVAL_NANOS;

	/** The lowest id a pending row can have. */
	long value() {
		return this.floor;
	}

	/**
	 * From the start again (a new leadership term: another leader may have left rows).
	 */
	void reset() {
		this.floor = 0;
		this.candidate = -1;
	}

	/**
	 * Called before a scan: whether the scan that follows may move the floor, because
	 * every transaction running when the candidate was read has ended. Reads a new
	 * candidate when there is none.
	 */
	boolean beforeScan(JdbcClient jdbc) {
		long now = System.nanoTime();
		if (now - this.lastWork < INTERVAL_NANOS) {
			return false;
		}
		this.lastWork = now;
		if (this.candidate < 0) {
			// The sequence first, then the snapshot: a transaction that took an id up to
			// the candidate had its transaction id before, so below the snapshot's xmax.
			this.candidate = jdbc.sql("SELECT coalesce(pg_sequence_last_value('outbox_id_seq'), 0)")
				.query(Long.class)
				.single();
			this.candidateXmax = jdbc.sql("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
				.query(Long.class)
				.single();
			return false;
		}
		return jdbc.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint >= ?")
			.param(this.candidateXmax)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Called after a scan that {@link #beforeScan} allowed to move the floor.
	 * @param lowestPending the lowest pending id the scan found, or -1 for none
	 */
	void afterScan(long lowestPending) {
		long past = this.candidate + 1;
		this.floor = Math.max(this.floor, (lowestPending >= 0) ? Math.min(lowestPending, past) : past);
		this.candidate = -1;
	}

}
