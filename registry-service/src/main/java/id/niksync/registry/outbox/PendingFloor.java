package id.niksync.registry.outbox;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * one ({@link Outbox}). The relay reads the sequence's value {@code c}, then takes a
 * transaction id of its own, {@code n}: every writer holding an id up to {@code c} has a
 * lower one. Once no transaction below {@code n} is running (a snapshot's xmin has
 * reached it), each row with an id up to {@code c} is either committed, and seen by the
 * next scan, or never will be. The floor then moves to the lowest pending id that scan
 * finds, or past {@code c}. A snapshot's xmax would not do: it is one past the last
 * <em>completed</em> transaction, and writers still running can be above it. Used by the
 * relay's thread only.
 */
final class PendingFloor {

	private static final Logger log = LoggerFactory.getLogger(PendingFloor.class);

	/**
	 * By default the floor is moved at most every 100 ms: a move costs a few statements.
	 */
	static final Duration INTERVAL = Duration.ofMillis(100);

	private final long intervalNanos;

	private long floor;

	/** The sequence's value the next move may go past; -1 while there is none. */
	private long candidate = -1;

	/** A transaction id taken after {@link #candidate} was read. */
	private long candidateXid;

	private long lastWork;

	/** Whether the floor may move at all; set by {@link #reset}. */
	private boolean enabled;

	PendingFloor(Duration interval) {
		this.intervalNanos = interval.toNanos();
		this.lastWork = System.nanoTime() - this.intervalNanos;
	}

	/** The lowest id a pending row can have. */
	long value() {
		return this.floor;
	}

	/**
	 * From the start again (a new leadership term: another leader may have left rows).
	 */
	void reset(JdbcClient jdbc) {
		this.floor = 0;
		this.candidate = -1;
		// A session caching sequence numbers could write one below the candidate long
		// after it was read: then the floor stays at 0.
		this.enabled = jdbc.sql("SELECT cache_size = 1 FROM pg_sequences WHERE sequencename = 'outbox_id_seq'")
			.query(Boolean.class)
			.optional()
			.orElse(false);
		if (!this.enabled) {
			log.warn(
					"outbox_id_seq caches more than one number per session: the relay scans the outbox from its start");
		}
	}

	/**
	 * Called before a scan: whether the scan that follows may move the floor, because
	 * every transaction running when the candidate was read has ended. Reads a new
	 * candidate when there is none.
	 */
	boolean beforeScan(JdbcClient jdbc) {
		long now = System.nanoTime();
		if (!this.enabled || now - this.lastWork < this.intervalNanos) {
			return false;
		}
		this.lastWork = now;
		if (this.candidate < 0) {
			// Two statements, in this order: a writer that took an id up to the candidate
			// had its transaction id before, so below the one taken here.
			this.candidate = jdbc.sql("SELECT coalesce(pg_sequence_last_value('outbox_id_seq'), 0)")
				.query(Long.class)
				.single();
			this.candidateXid = jdbc.sql("SELECT pg_current_xact_id()::text::bigint").query(Long.class).single();
			return false;
		}
		return jdbc.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint > ?")
			.param(this.candidateXid)
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
