package id.niksync.bench;

import id.niksync.localstack.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

	private final Map<String, Supplier<Stream<ProcessHandle>>> processes = new LinkedHashMap<>();

	CpuMeter(Stack stack) {
		this.processes.put("registry-service", () -> ProcessHandle.of(stack.registry().pid()).stream());
		this.processes.put("partner-sync-service", () -> ProcessHandle.of(stack.sync().pid()).stream());
		this.processes.put("kafka", () -> ProcessHandle.of(stack.broker().process().pid()).stream());
		this.processes.put("postgres-registry", () -> postgres(stack.registryDb()));
		this.processes.put("postgres-replica", () -> postgres(stack.replicaDb()));
		this.processes.put("benchmark-harness", () -> Stream.of(ProcessHandle.current()));
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
