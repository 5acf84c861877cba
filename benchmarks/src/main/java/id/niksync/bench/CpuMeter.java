package id.niksync.bench;

import id.niksync.localstack.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
