package id.niksync.localstack;

import java.io.IOException;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * A JVM of its own (the broker, a service), started with this JVM's {@code java}, its
 * output in a log file, stopped with SIGTERM as an orchestrator would. It runs in a
 * session of its own ({@code setsid}), so a Ctrl-C in the terminal reaches only the
 * launcher, which stops everything in order; its pid is written for the {@link Reaper}.
 */
public final class JvmProcess implements AutoCloseable {

	private static final long MIB = 1024 * 1024;

	/**
	 * JVM options, separated by spaces, for every JVM started here ahead of its own: the
	 * stack tests (local-stack's, and the benchmark's smoke run and quick fault suite)
	 * set {@code -XX:TieredStopAtLevel=1} (the root pom), the quick compiler alone, which
	 * starts a service for less CPU; unset for the local stack, {@code benchmarks/run.sh}
	 * and {@code faults.sh}.
	 */
	public static final String EXTRA_OPTIONS = "niksync.stack.jvm-options";

	private final String name;

	private final Process process;

	private final Path log;

	private final Reaper reaper;

	/**
	 * Answered once: until then SIGTERM waits for the start, which is not worth waiting
	 * for.
	 */
	private volatile boolean ready;

	/** Killed: {@link #close()} has nothing left to do. */
	private volatile boolean killed;

	private JvmProcess(String name, Process process, Path log, Reaper reaper) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.reaper = reaper;
	}

	/**
	 * Starts {@code java <jvmArgs> <mainArgs>} with {@code env} added to this process's
	 * environment, output appended to {@code log}.
	 */
	public static JvmProcess start(String name, List<String> jvmArgs, List<String> mainArgs, Map<String, String> env,
			Path log, Reaper reaper) throws IOException {
		List<String> command = new ArrayList<>();
		if (Files.isExecutable(Path.of(SETSID))) {
			command.add(SETSID);
		}
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add(reaper.marker());
		String extra = System.getProperty(EXTRA_OPTIONS, "").trim();
		if (!extra.isEmpty()) {
			command.addAll(List.of(extra.split("\\s+")));
		}
		command.addAll(jvmArgs);
		command.addAll(mainArgs);
		Files.createDirectories(log.getParent());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(env);
		JvmProcess started = new JvmProcess(name, builder.start(), log, reaper);
		reaper.started(name, started.pid());
		return started;
	}

	static final String SETSID = "/usr/bin/setsid";

	/**
	 * Waits until {@code url} answers 200, or fails if the process died or time ran out.
	 */
	public void awaitHttpOk(URI url, Duration timeout) throws InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						this.name + " exited with " + this.process.exitValue() + "; see " + this.log);
			}
			try {
				HttpResponse<Void> response = http.send(
						HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					this.ready = true;
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException(
				this.name + " not ready at " + url + " within " + timeout + "; see " + this.log);
	}

	/** For a short-lived tool: waits for it to end and fails unless it ended well. */
	public void awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException(this.name + " did not finish within " + timeout + "; see " + this.log);
		}
		if (this.process.exitValue() != 0) {
			throw new IllegalStateException(
					this.name + " failed with " + this.process.exitValue() + "; see " + this.log + lastLines());
		}
	}

	public void checkAlive() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(
					this.name + " exited with " + this.process.exitValue() + "; see " + this.log + lastLines());
		}
	}

	/**
	 * The log's last lines, for the exception that says the process ended: a test's
	 * temporary directory, and the log in it, is gone by the time anyone reads the
	 * report.
	 */
	private String lastLines() {
		try {
			List<String> lines = Files.readAllLines(this.log, java.nio.charset.StandardCharsets.UTF_8);
			String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
			return "; its last lines:\n" + ((tail.length() > 4000) ? tail.substring(tail.length() - 4000) : tail);
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			return "";
		}
	}

	public String name() {
		return this.name;
	}

	public long pid() {
		return this.process.pid();
	}

	/**
	 * Peak heap (the sum of every heap pool's peak since the JVM started, as the JVM
	 * tracks it: an upper bound of the true peak), heap limit, and peak resident set size
	 * ({@code VmHWM}).
	 */
	public Map<String, Object> memory() {
		Map<String, Object> memory = new LinkedHashMap<>();
		memory.put("jvm", this.name);
		memory.put("pid", pid());
		try {
			VirtualMachine vm = VirtualMachine.attach(Long.toString(pid()));
			try {
				String address = vm.startLocalManagementAgent();
				try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
					MBeanServerConnection connection = connector.getMBeanServerConnection();
					long peak = 0;
					for (MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getPlatformMXBeans(connection,
							MemoryPoolMXBean.class)) {
						if (pool.getType() == MemoryType.HEAP) {
							peak += pool.getPeakUsage().getUsed();
						}
					}
					memory.put("peakHeapMiB", peak / MIB);
					memory.put("maxHeapMiB",
							java.lang.management.ManagementFactory
								.getPlatformMXBean(connection, java.lang.management.MemoryMXBean.class)
								.getHeapMemoryUsage()
								.getMax() / MIB);
				}
			}
			finally {
				vm.detach();
			}
		}
		catch (Exception ex) {
			memory.put("heapError", ex.toString());
		}
		memory.put("peakRssMiB", statusKiB("VmHWM") / 1024);
		return memory;
	}

	private long statusKiB(String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
				if (line.startsWith(field + ":")) {
					return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// not Linux, or gone
		}
		return -1;
	}

	public Path log() {
		return this.log;
	}

	/** The process answers (for one whose readiness is not awaited over HTTP). */
	void ready() {
		this.ready = true;
	}

	/**
	 * SIGKILL, as {@code kill -9} (a crash: no shutdown hook runs), and waits until it
	 * has ended; for fault runs. {@link #close()} then does nothing.
	 */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException(this.name + " (pid " + pid() + ") did not end within 30 s of SIGKILL");
		}
		this.killed = true;
		this.reaper.stopped(this.name);
	}

	/**
	 * SIGTERM, and SIGKILL if it has not ended within a minute, or within 5 s when it
	 * never became ready (a JVM still starting finishes its start before it stops, and
	 * nothing it started is worth that wait).
	 */
	@Override
	public String toString() {
		return this.name + " (pid " + this.process.pid() + ")";
	}

	/**
	 * Asks it to stop (SIGTERM) without waiting; {@link #close()} then waits for it. For
	 * processes that must stop together.
	 */
	public void requestStop() {
		if (!this.killed) {
			this.process.destroy();
		}
	}

	@Override
	public void close() {
		if (this.killed) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(this.ready ? 60 : 5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		this.reaper.stopped(this.name);
	}

}
