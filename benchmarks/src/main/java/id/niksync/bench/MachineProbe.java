package id.niksync.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How fast this machine is right now: the same fixed work timed before each phase, so
 * that a run shows when the machine's speed changed between the figures a ratio divides.
 * On these VMs it seems to within a run: in the 2026-12-02 09:36 run the registry's
 * PostgreSQL, doing the same writes, took 1.65 × its ceiling's CPU per event in the load
 * and 1.36 × at 06:50, as if the ceilings ran on a faster machine than the load.
 * <p>
 * Two figures, lower is faster, each the best of three tries: {@code javaCpuMs}, this
 * thread's CPU time for SHA-256 over 8 MiB and 1,000,000 dependent reads scattered over
 * 64 MiB (a cache miss each: what a noisy neighbour slows down), and {@code postgresMs},
 * the registry's PostgreSQL answering one fixed query (md5 of 150,000 numbers) on one
 * connection, run once before it is timed (wall time: on an idle stack, its backend's CPU
 * time). Thread CPU time leaves out time the hypervisor gave to other guests, so
 * {@code javaCpuMs} shows what a neighbour does to caches and memory, {@code postgresMs}
 * that and stolen time. Taken after the phase before has settled, so nothing else runs.
 */
final class MachineProbe {

	private static final int SHA_BYTES = 8 << 20;

	private static final int CHASE_INTS = 16 << 20;

	private static final int CHASE_STEPS = 1_000_000;

	private static final String QUERY = "SELECT count(*) FROM generate_series(1, 150000) g WHERE md5(g::text) < '8'";

	private final Stack stack;

	private final byte[] data = new byte[SHA_BYTES];

	/** One cycle through every slot, in random order: each read depends on the last. */
	private final int[] next = new int[CHASE_INTS];

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final List<Map<String, Object>> taken = new ArrayList<>();

	private long sink;

	MachineProbe(Stack stack) {
		this.stack = stack;
		SplittableRandom random = new SplittableRandom(16);
		for (int i = 0; i < this.data.length; i++) {
			this.data[i] = (byte) random.nextInt();
		}
		// Sattolo's shuffle: a random permutation that is a single cycle
		for (int i = 0; i < this.next.length; i++) {
			this.next[i] = i;
		}
		for (int i = this.next.length - 1; i > 0; i--) {
			int j = random.nextInt(i);
			int swap = this.next[i];
			this.next[i] = this.next[j];
			this.next[j] = swap;
		}
		// compiled before the first figure counts
		for (int i = 0; i < 5; i++) {
			javaCpuNanos();
		}
	}

	/** Every probe taken so far, oldest first. */
	List<Map<String, Object>> taken() {
		return this.taken;
	}

	/**
	 * Measures, keeps and logs one probe.
	 * @param before the phase about to run
	 * @param started the run's start ({@link System#nanoTime()})
	 */
	void take(String before, long started) throws Exception {
		Map<String, Object> probe = measure(before, started);
		this.taken.add(probe);
		Harness.log(started, "machine probe: " + probe);
	}

	private Map<String, Object> measure(String before, long started) throws Exception {
		long java = Long.MAX_VALUE;
		long postgres = Long.MAX_VALUE;
		try (Connection connection = this.stack.registryDb().connect();
				PreparedStatement query = connection.prepareStatement(QUERY)) {
			// the connection's backend started and the statement parsed before any try
			run(query);
			for (int i = 0; i < 3; i++) {
				java = Math.min(java, javaCpuNanos());
				long begin = System.nanoTime();
				run(query);
				postgres = Math.min(postgres, System.nanoTime() - begin);
			}
		}
		Map<String, Object> probe = new LinkedHashMap<>();
		probe.put("before", before);
		probe.put("atSeconds", Figures.seconds(Duration.ofNanos(System.nanoTime() - started)));
		probe.put("javaCpuMs", Math.round(java / 1e5) / 10.0);
		probe.put("postgresMs", Math.round(postgres / 1e5) / 10.0);
		return probe;
	}

	private void run(PreparedStatement query) throws SQLException {
		try (ResultSet rows = query.executeQuery()) {
			rows.next();
			this.sink += rows.getLong(1);
		}
	}

	private long javaCpuNanos() {
		long begin = this.threads.getCurrentThreadCpuTime();
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(this.data);
			int at = digest[0] & 0xff;
			for (int i = 0; i < CHASE_STEPS; i++) {
				at = this.next[at];
			}
			this.sink += at;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		return this.threads.getCurrentThreadCpuTime() - begin;
	}

}
