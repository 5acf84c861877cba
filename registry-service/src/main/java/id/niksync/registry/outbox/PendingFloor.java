package id.niksync.registry.outbox;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where the relay's scan for pending outbox rows starts. Removing a published row leaves
 * a dead entry at the low end of the primary key until VACUUM removes it, and a scan from
 * the start walks every one (so it was with the partial index {@code outbox_pending} when
 * rows were marked published instead): after a regency's re-online the scan for one batch
 * took 139 ms (EXPLAIN ANALYZE in a benchmark run), most of it before the first pending
 * row.
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
 *
 * <p>
 * A settled candidate stays settled, so every later scan may move the floor up to it
 * without asking again, and the next candidate is read as soon as the last one settles
 * (when numbers were taken since): the floor stays within about one writer's transaction
 * of the rows being written. That matters because the rows the relay removes above the
 * floor are walked by every scan until it moves, and while any transaction on the server
 * older than their removal is open they cannot be marked dead in the index. When a
 * candidate was read only at the look after a move, and each look waited 100 ms, the
 * floor moved every 200 ms or more: during a regency's re-online (back-to-back
 * transactions of 2,000 residents, about 90 ms each) each scan took 25 ms for about 860
 * rows against 2.8 ms in the load, and 3.3 ms with this ({@code pg_stat_statements},
 * profiled benchmark runs, 2026-12-03). A candidate costs a transaction id: at most one
 * per look, and only when the sequence moved since the last one.
 */
final class PendingFloor {

	private static final Logger log = LoggerFactory.getLogger(PendingFloor.class);

	/**
	 * By default the relay looks at most every 20 ms (and only when it scans) whether its
	 * candidate settled: one statement, two more to read the next candidate when it did.
	 */
	static final Duration INTERVAL = Duration.ofMillis(20);

	private static final long SLOW_NANOS = Duration.ofSeconds(30).toNanos();

	private final long intervalNanos;

	private long floor;

	/** The sequence's value the next move may go past; -1 while there is none. */
	private long candidate = -1;

	/** A transaction id taken after {@link #candidate} was read. */
	private long candidateXid;

	/**
	 * The highest candidate that settled: every id up to it is committed or never will
	 * be; -1 for none.
	 */
	private long settled = -1;

	private long lastWork;

	private boolean cachingWarned;

	private long candidateSince;

	private boolean slowWarned;

	PendingFloor(Duration interval) {
		this.intervalNanos = interval.toNanos();
		this.lastWork = System.nanoTime() - this.intervalNanos;
	}

	/** The lowest id a pending row can have. */
	long value() {
		return this.floor;
	}

	/**
	 * From the start again: a new leadership term (another leader may have left rows), or
	 * anything that made rows pending again. Putting a row back into the outbox by hand
	 * (with an id it had) is only safe with the relay stopped: a running relay does not
	 * look below its floor until its next term.
	 */
	void reset() {
		this.floor = 0;
		this.candidate = -1;
		this.settled = -1;
	}

	/**
	 * Called before a scan: whether the scan that follows may move the floor, because a
	 * settled candidate lies at or above it. At most every interval it also looks whether
	 * the candidate settled (every transaction running when it was read has ended), and
	 * reads a new candidate when there is none or the last one settled.
	 */
	boolean beforeScan(JdbcClient jdbc) {
		long now = System.nanoTime();
		if (now - this.lastWork >= this.intervalNanos) {
			this.lastWork = now;
			look(jdbc, now);
		}
		return this.settled >= this.floor;
	}

	private void look(JdbcClient jdbc, long now) {
		if (this.candidate < 0) {
			readCandidate(jdbc);
			return;
		}
		boolean settledNow = jdbc.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint > ?")
			.param(this.candidateXid)
			.query(Boolean.class)
			.single();
		if (!settledNow) {
			if (!this.slowWarned && now - this.candidateSince > SLOW_NANOS) {
				// any transaction left open on this PostgreSQL server holds the floor
				log.info("A transaction open for over {} s holds the outbox relay's scan at id {}: its scans slow "
						+ "down as published rows pile up below", SLOW_NANOS / 1_000_000_000, this.floor);
				this.slowWarned = true;
			}
			return;
		}
		this.settled = Math.max(this.settled, this.candidate);
		this.candidate = -1;
		readCandidate(jdbc);
	}

	/**
	 * Two statements, in this order: a writer that took an id up to the sequence's value
	 * had its transaction id before, so below the one taken next. Kept only when both
	 * worked. No candidate while the sequence caches numbers per session (a session could
	 * write a cached number below it long after), or while no number was taken since the
	 * floor last moved or the last candidate settled (no transaction id spent for
	 * nothing).
	 */
	private void readCandidate(JdbcClient jdbc) {
		Long value = jdbc.sql("""
				SELECT CASE WHEN seqcache = 1 THEN coalesce(pg_sequence_last_value(seqrelid), 0) END
				FROM pg_sequence WHERE seqrelid = 'outbox_id_seq'::regclass""").query(Long.class).single();
		if (value == null) {
			if (!this.cachingWarned) {
				log.warn("outbox_id_seq caches more than one number per session: "
						+ "the relay scans the outbox from its floor's last place");
				this.cachingWarned = true;
			}
			return;
		}
		// the floor never passes settled + 1, so this also skips values below the floor
		if (value <= this.settled) {
			return;
		}
		long xid = jdbc.sql("SELECT pg_current_xact_id()::text::bigint").query(Long.class).single();
		this.candidateXid = xid;
		this.candidate = value;
		this.candidateSince = System.nanoTime();
		this.slowWarned = false;
	}

	/**
	 * The candidate the next settle would move the floor up to; -1 while there is none.
	 */
	long candidate() {
		return this.candidate;
	}

	/**
	 * Called after a scan that {@link #beforeScan} allowed to move the floor.
	 * @param lowestPending the lowest pending id the scan found, or -1 for none
	 */
	void afterScan(long lowestPending) {
		long past = this.settled + 1;
		this.floor = Math.max(this.floor, (lowestPending >= 0) ? Math.min(lowestPending, past) : past);
	}

}
