package id.niksync.bench.faults;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import id.niksync.localstack.PostgresServer;

/**
 * Reads the replica's every (NIK, version) every {@code interval} throughout the suite
 * and remembers the highest version seen per NIK: a NIK seen at a lower version than
 * before has regressed (a partner would have read an older record after a newer one). A
 * sample the replica cannot answer (its database is down) is skipped.
 */
final class ReplicaWatch implements AutoCloseable {

	private final PostgresServer replica;

	private final Duration interval;

	private final Map<String, Long> highest = new HashMap<>();

	private final Thread thread;

	private Set<String> regressed = new HashSet<>();

	private long samples;

	private long failedSamples;

	private volatile boolean closed;

	ReplicaWatch(PostgresServer replica, Duration interval) {
		this.replica = replica;
		this.interval = interval;
		this.thread = new Thread(this::run, "replica-watch");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void run() {
		while (!this.closed) {
			sample();
			try {
				Thread.sleep(this.interval.toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** One sample now (also at a scenario's end, so that its last state is judged). */
	synchronized void sample() {
		Map<String, Long> now;
		try {
			now = Versions.all(this.replica, "replica_resident");
		}
		catch (SQLException ex) {
			this.failedSamples++;
			return;
		}
		this.samples++;
		now.forEach((nik, version) -> {
			Long before = this.highest.get(nik);
			if (before != null && version < before) {
				this.regressed.add(nik);
			}
			else {
				this.highest.put(nik, version);
			}
		});
	}

	/** Starts a scenario: the NIKs that regress from now on are its own. */
	synchronized void beginScenario() {
		this.regressed = new HashSet<>();
		this.samples = 0;
		this.failedSamples = 0;
	}

	/**
	 * The replica was emptied on purpose: what it held before is no longer expected of
	 * it.
	 */
	synchronized void forget() {
		this.highest.clear();
	}

	/** NIKs that regressed since {@link #beginScenario()}. */
	synchronized Set<String> regressed() {
		return Set.copyOf(this.regressed);
	}

	synchronized long samples() {
		return this.samples;
	}

	synchronized long failedSamples() {
		return this.failedSamples;
	}

	@Override
	public void close() throws InterruptedException {
		this.closed = true;
		this.thread.interrupt();
		this.thread.join(10_000);
	}

}
