package id.niksync.bench;

import id.niksync.localstack.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time used by each process of the stack (user + system, from {@code /proc}), so a
 * phase can say where the machine's cores went. A PostgreSQL server counts its postmaster
 * and every backend under it.
 */
final class CpuMeter {

	/**
	 * Linux reports process times in clock ticks; USER_HZ is 100 on every usual kernel.
	 */
	private static final double TICKS_PER_SECOND = 100;

	static final String HARNESS = "benchmark-harness";

	/** The processes of the pipeline: everything but the harness. */
	static final List<String> PIPELINE = List.of("registry-service", "partner-sync-service", "kafka",
			"postgres-registry", "postgres-replica");

	private final Map<String, Supplier<Stream<ProcessHandle>>> processes = new LinkedHashMap<>();

	CpuMeter(Stack stack) {
		this.processes.put("registry-service", () -> ProcessHandle.of(stack.registry().pid()).stream());
		this.processes.put("partner-sync-service", () -> ProcessHandle.of(stack.sync().pid()).stream());
		this.processes.put("kafka", () -> ProcessHandle.of(stack.broker().process().pid()).stream());
		this.processes.put("postgres-registry", () -> postgres(stack.registryDb()));
		this.processes.put("postgres-replica", () -> postgres(stack.replicaDb()));
		this.processes.put(HARNESS, () -> Stream.of(ProcessHandle.current()));
	}

	Map<String, Long> snapshot() {
		Map<String, Long> ticks = new LinkedHashMap<>();
		this.processes.forEach((name, handles) -> ticks.put(name, handles.get().mapToLong(CpuMeter::ticks).sum()));
		return ticks;
	}

	/**
	 * CPU seconds per process between two snapshots, and the share of the machine's cores
	 * over {@code elapsedSeconds}.
	 */
	static Map<String, Object> since(Map<String, Long> before, Map<String, Long> after, double elapsedSeconds) {
		Map<String, Object> used = new LinkedHashMap<>();
		double total = 0;
		int cores = Runtime.getRuntime().availableProcessors();
		for (String name : after.keySet()) {
			double seconds = (after.get(name) - before.getOrDefault(name, 0L)) / TICKS_PER_SECOND;
			total += seconds;
			used.put(name, Math.round(seconds * 10) / 10.0);
		}
		used.put("total", Math.round(total * 10) / 10.0);
		used.put("shareOfMachine", Math.round(total / (elapsedSeconds * cores) * 100) / 100.0);
		return used;
	}

	/**
	 * Milliseconds of CPU per operation between two snapshots: each process's, and their
	 * {@code total} over the {@code counted} processes (those doing the work measured).
	 */
	static Map<String, Object> perOperation(Map<String, Long> before, Map<String, Long> after, long operations,
			String operation, List<String> counted) {
		Map<String, Object> ms = new LinkedHashMap<>();
		ms.put("operation", operation);
		ms.put("operations", operations);
		double total = 0;
		for (String name : after.keySet()) {
			long ticks = after.get(name) - before.getOrDefault(name, 0L);
			if (ticks < 0) {
				// restarted in between (the recovery phase's replica database): unknown
				ms.put(name, null);
				continue;
			}
			double perOperation = ticks / TICKS_PER_SECOND * 1000 / Math.max(1, operations);
			ms.put(name, round(perOperation));
			if (counted.contains(name)) {
				total += perOperation;
			}
		}
		ms.put("total", round(total));
		ms.put("counted", counted);
		return ms;
	}

	/**
	 * As {@link #perOperation}, the total over the pipeline's processes: the services,
	 * the broker and both databases (the harness is the load generator).
	 */
	static Map<String, Object> perOperation(Map<String, Long> before, Map<String, Long> after, long operations,
			String operation) {
		return perOperation(before, after, operations, operation, PIPELINE);
	}

	/** {@link #threads(long)} of each JVM of the pipeline. */
	static Map<String, Map<String, Long>> threads(Stack stack) {
		Map<String, Map<String, Long>> threads = new LinkedHashMap<>();
		threads.put("registry-service", threads(stack.registry().pid()));
		threads.put("partner-sync-service", threads(stack.sync().pid()));
		threads.put("kafka", threads(stack.broker().process().pid()));
		return threads;
	}

	/**
	 * Waits until the JIT compilers of the pipeline's JVMs and the harness's have
	 * compiled what a warm-up made hot: less than 0.1 s of their CPU in 2 s, or 30 s
	 * passed. What is left in their queues would otherwise be charged to what is measured
	 * next. (A compiler thread that ends takes its ticks with it; HotSpot keeps at least
	 * one of each kind, as many as there are on 2 cores.)
	 * @return how long it took, or empty if they were still compiling after 30 s
	 */
	static Optional<Duration> compilersIdle(Stack stack) throws InterruptedException {
		long begin = System.nanoTime();
		long deadline = begin + Duration.ofSeconds(30).toNanos();
		long last = jitTicks(stack);
		while (System.nanoTime() < deadline) {
			Thread.sleep(2_000);
			long now = jitTicks(stack);
			if (now - last < 10) {
				return Optional.of(Duration.ofNanos(System.nanoTime() - begin));
			}
			last = now;
		}
		return Optional.empty();
	}

	static String describe(Optional<Duration> compilersIdle) {
		return compilersIdle.map((idle) -> "compilers idle after " + Figures.seconds(idle) + " s")
			.orElse("compilers still busy after 30 s; measuring anyway");
	}

	private static long jitTicks(Stack stack) {
		Map<String, Map<String, Long>> jvms = threads(stack);
		jvms.put(HARNESS, threads(ProcessHandle.current().pid()));
		return jvms.values().stream().mapToLong((groups) -> groups.getOrDefault("jit", 0L)).sum();
	}

	/**
	 * CPU ticks of one JVM's live threads, summed by what they are, from their native
	 * names ({@code /proc/[pid]/task/[tid]/comm}, cut at 15 characters): {@code gc} (G1's
	 * threads), {@code jit} (the compilers), else the name with its numbers dropped, so a
	 * pool's threads count as one. Threads that ended between two snapshots are missing
	 * from the later one.
	 */
	static Map<String, Long> threads(long pid) {
		Map<String, Long> ticks = new TreeMap<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			tasks.forEach((task) -> {
				try {
					String name = Files.readString(task.resolve("comm")).strip();
					String stat = Files.readString(task.resolve("stat"));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					ticks.merge(threadGroup(name), Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended while it was being read
				}
			});
		}
		catch (IOException ex) {
			// the process is gone
		}
		return ticks;
	}

	static String threadGroup(String name) {
		if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
			return "gc";
		}
		if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
			return "jit";
		}
		return name.replaceAll("[0-9]+", "#");
	}

	/**
	 * CPU seconds of each JVM's thread groups between two {@link #threads(Stack)}
	 * snapshots, largest first, those under 0.1 s left out.
	 */
	static Map<String, Object> threadsSince(Map<String, Map<String, Long>> before,
			Map<String, Map<String, Long>> after) {
		Map<String, Object> seconds = new LinkedHashMap<>();
		after.forEach((jvm, threads) -> seconds.put(jvm, groupsSince(before.getOrDefault(jvm, Map.of()), threads)));
		return seconds;
	}

	private static Map<String, Object> groupsSince(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Object> seconds = new LinkedHashMap<>();
		after.entrySet()
			.stream()
			.map((entry) -> Map.entry(entry.getKey(), entry.getValue() - before.getOrDefault(entry.getKey(), 0L)))
			.filter((entry) -> entry.getValue() >= 10)
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach((entry) -> seconds.put(entry.getKey(), entry.getValue() / TICKS_PER_SECOND));
		return seconds;
	}

	private static double round(double ms) {
		return Math.round(ms * 10_000) / 10_000.0;
	}

	private static Stream<ProcessHandle> postgres(PostgresServer server) {
		return server.postmasterPid()
			.flatMap(ProcessHandle::of)
			.map((postmaster) -> Stream.concat(Stream.of(postmaster), postmaster.descendants()))
			.orElse(Stream.empty());
	}

	/**
	 * utime + stime + cutime + cstime of one process (fields 14 to 17 of
	 * /proc/[pid]/stat): its own CPU and that of its children that exited (PostgreSQL
	 * backends of closed connections).
	 */
	private static long ticks(ProcessHandle process) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
			// the command name (field 2) may contain spaces; fields after it are plain
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
					+ Long.parseLong(fields[14]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}
