package id.niksync.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongPredicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the pipeline has nothing in flight: no outbox row the relay has not published,
 * and partner-sync's group committed on every partition of {@code nik-changes} up to its
 * end. Checked before counting what reached the replica: a {@code count(*)} over a
 * million rows every second loads the very database being measured (it was a fifth of the
 * replica PostgreSQL's CPU during the regency's re-online), whereas this costs one index
 * probe and three admin requests. Only a hint: the count still decides.
 * <p>
 * Committed offsets can stay short of a partition's last transaction marker on an idle
 * topic (partner-sync's lag reader tells the two apart, this does not), which made a run
 * wait for a count that never came. So it is also worth counting once the outbox is empty
 * and the group's committed offsets have not moved for {@link #STILL}: nothing is flowing
 * then, and a count loads nothing being measured.
 * <p>
 * Each time it answers idle it also reads the CPU counters ({@link #seen()}): a phase's
 * figures end there, before the count that confirms it, which is the harness's work on
 * the replica's PostgreSQL and not the pipeline's.
 */
final class PipelineIdle implements AutoCloseable {

	static final Duration STILL = Duration.ofSeconds(10);

	/**
	 * 1 while the outbox holds a row above the last one the relay published, else 0: one
	 * probe of the primary key. Not {@code SELECT 1 FROM outbox LIMIT 1}, which is a
	 * sequential scan that walks every row the relay deleted and VACUUM has not yet
	 * cleared: during the regency's re-online that took 278 ms of the registry's
	 * PostgreSQL per look, 17.5 s of its 43 CPU seconds in the phase
	 * ({@code pg_stat_statements}, 2026-12-03 17:59). A row the relay has not published
	 * below that id (a writer that committed late) is missed: the count still decides.
	 */
	private static final String OUTBOX_PENDING = "SELECT count(*) FROM (SELECT 1 FROM outbox WHERE id >"
			+ " (SELECT coalesce(max(last_published_id), 0) FROM outbox_relay_stats) LIMIT 1) pending";

	private final Db registryDb;

	private final Admin admin;

	private final Stack stack;

	private final CpuMeter cpu;

	private Seen seen;

	private long lastCommitted = -1;

	private long movedAt = System.nanoTime();

	PipelineIdle(Stack stack, CpuMeter cpu) {
		this.registryDb = new Db(stack.registryDb());
		this.admin = stack.broker().admin();
		this.stack = stack;
		this.cpu = cpu;
	}

	/**
	 * Waits until {@code sql} (a count on the replica) satisfies {@code done}, counting
	 * only once the pipeline looks idle ({@link Db#awaitLong}).
	 * @return the CPU counters and the time when it was last seen idle, before the count
	 * that confirmed it
	 */
	static Seen awaitCount(Stack stack, CpuMeter cpu, String sql, LongPredicate done, Object... params)
			throws Exception {
		try (PipelineIdle idle = new PipelineIdle(stack, cpu)) {
			new Db(stack.replicaDb()).awaitLong(sql, done, Duration.ofMinutes(30), stack, idle::now, params);
			// awaitLong counts only once now() answered idle
			return Objects.requireNonNull(idle.seen());
		}
	}

	boolean now() {
		boolean idle = idle();
		if (idle) {
			this.seen = new Seen(this.cpu.snapshot(), CpuMeter.threads(this.stack), Instant.now());
		}
		return idle;
	}

	/**
	 * @return the CPU counters and the time when {@link #now()} last answered idle,
	 * {@code null} if it never did
	 */
	Seen seen() {
		return this.seen;
	}

	private boolean idle() {
		try {
			boolean published = this.registryDb.queryLong(OUTBOX_PENDING) == 0;
			Map<TopicPartition, OffsetAndMetadata> committed = Offsets.committed(this.admin);
			if (published && Offsets.lag(this.admin, committed) <= 0) {
				return true;
			}
			long sum = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
			if (sum != this.lastCommitted) {
				this.lastCommitted = sum;
				this.movedAt = System.nanoTime();
				return false;
			}
			return published && System.nanoTime() - this.movedAt > STILL.toNanos();
		}
		catch (Exception ex) {
			// a hint only: when it cannot be had, count
			return true;
		}
	}

	@Override
	public void close() {
		this.admin.close();
	}

	/**
	 * Each process's CPU ticks, each JVM's threads' and the time, as the pipeline went
	 * idle.
	 */
	record Seen(Map<String, Long> cpu, Map<String, Map<String, Long>> threads, Instant at) {
	}

}
