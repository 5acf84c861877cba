package id.niksync.localstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure no JVM of a stack outlives its launcher. Every JVM the launcher starts gets
 * a marker ({@code -Dniksync.stack=
 *
<dir>
 * }) on its command line and a pid file in {@code
 *
<dir>
 * /run/}, numbered in start order. A watchdog shell, in a session of its own, waits for
 * the launcher to end; if it ends without stopping its JVMs ({@code kill -9}, a crash),
 * the watchdog stops them newest first (SIGTERM, then SIGKILL after 30 s) and then the
 * PostgreSQL servers (fast shutdown). The next start does the same with whatever is still
 * there, in case the watchdog was killed too.
 */
public final class Reaper implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Reaper.class);

	private static final String WATCHDOG = """
			launcher=$1; run=$2; marker="$3 "; shift 3
			alive() { [ -r /proc/$1/stat ] && [ "$(cut -d' ' -f3 /proc/$1/stat 2>/dev/null)" != Z ]; }
			ours() { tr '\\000' ' ' < /proc/$1/cmdline 2>/dev/null | grep -qF -- "$2"; }
			while alive "$launcher"; do sleep 1; done
			# The services first (all at once), then the broker; SIGKILL for what has not
			# ended after 15 s (a JVM still starting waits for its start before it stops).
			stop() {
			  pids=""
			  for name in $(ls -r "$run" | grep '[.]pid$' | grep $1 "$2"); do
			    pid=$(cat "$run/$name")
			    if ours "$pid" "$marker"; then kill -TERM "$pid"; pids="$pids $pid"; fi
			    rm -f "$run/$name"
			  done
			  i=0
			  for pid in $pids; do
			    while alive "$pid" && [ $i -lt 30 ]; do sleep 0.5; i=$((i+1)); done
			    kill -KILL "$pid" 2>/dev/null
			  done
			}
			stop -v '[-]kafka[.]pid$'
			stop -e '[-]kafka[.]pid$'
			for d in "$@"; do
			  pid=$(head -1 "$d/postmaster.pid" 2>/dev/null)
			  [ -n "$pid" ] && ours "$pid" "-D $d " && kill -INT "$pid"
			done
			exit 0
			""";

	private static final String WATCHDOG_NAME = "niksync-watchdog";

	private final Path dir;

	private final Path runDir;

	private final AtomicInteger started = new AtomicInteger();

	private Process watchdog;

	private FileChannel lockChannel;

	private FileLock lock;

	public Reaper(Path dir) throws IOException {
		this.dir = dir.toAbsolutePath().normalize();
		this.runDir = Files.createDirectories(this.dir.resolve("run"));
	}

	/** On the command line of every JVM of this stack, so that only they are stopped. */
	String marker() {
		return "-Dniksync.stack=" + this.dir;
	}

	/**
	 * Makes this launcher the only one of its directory (a lock held until
	 * {@link #close()} or its death), then stops what an earlier launcher of this
	 * directory left running when it ended without stopping it: its watchdog first, so
	 * that the two do not race, then its JVMs, newest first.
	 */
	public void takeOver() throws IOException {
		this.lockChannel = FileChannel.open(this.runDir.resolve("launcher.lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE);
		try {
			this.lock = this.lockChannel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			// held by another stack in this JVM
		}
		if (this.lock == null) {
			this.lockChannel.close();
			throw new IOException("Another launcher is running on " + this.dir
					+ "; stop it first (or choose another directory: LOCALSTACK_DIR)");
		}
		try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
			all.filter((process) -> isOldWatchdog(commandLine(process.pid()))).forEach(ProcessHandle::destroyForcibly);
		}
		for (Path pidFile : pidFiles()) {
			Optional<ProcessHandle> leftover = readPid(pidFile).flatMap(ProcessHandle::of)
				.filter((process) -> commandLine(process.pid()).contains(marker() + " "));
			if (leftover.isPresent()) {
				log.warn("Stopping {} (pid {}), left running by a launcher that did not stop it", name(pidFile),
						leftover.get().pid());
				stop(leftover.get());
			}
			Files.deleteIfExists(pidFile);
		}
	}

	/**
	 * Starts the watchdog for this launcher; {@code postgresDataDirs} are stopped last.
	 */
	public void watch(List<Path> postgresDataDirs) throws IOException {
		List<String> command = new ArrayList<>();
		if (Files.isExecutable(Path.of(JvmProcess.SETSID))) {
			// its own session: a Ctrl-C in the terminal must not stop the watchdog too
			command.add(JvmProcess.SETSID);
		}
		command.addAll(List.of("sh", "-c", WATCHDOG, WATCHDOG_NAME, Long.toString(ProcessHandle.current().pid()),
				this.runDir.toString(), marker()));
		postgresDataDirs.forEach((dataDir) -> command.add(dataDir.toAbsolutePath().toString()));
		this.watchdog = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.runDir.resolve("watchdog.log").toFile()))
			.start();
	}

	void started(String name, long pid) throws IOException {
		Files.writeString(this.runDir.resolve("%03d-%s.pid".formatted(this.started.incrementAndGet(), name)),
				Long.toString(pid));
	}

	void stopped(String name) {
		try {
			for (Path pidFile : pidFiles()) {
				if (name(pidFile).equals(name)) {
					Files.deleteIfExists(pidFile);
				}
			}
		}
		catch (IOException ex) {
			log.debug("Cannot remove the pid file of {}", name, ex);
		}
	}

	/** The launcher stopped everything itself: the watchdog has nothing left to do. */
	@Override
	public void close() {
		if (this.watchdog != null) {
			this.watchdog.destroy();
		}
		try {
			if (this.lock != null) {
				this.lock.release();
				this.lockChannel.close();
			}
		}
		catch (IOException ex) {
			log.debug("Cannot release the launcher lock", ex);
		}
	}

	/** A watchdog of this directory (its own was not started yet). */
	private boolean isOldWatchdog(String commandLine) {
		return commandLine.contains(" " + WATCHDOG_NAME + " ") && commandLine.contains(" " + marker() + " ");
	}

	/** Newest first. */
	private List<Path> pidFiles() throws IOException {
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.runDir, "*.pid")) {
			stream.forEach(files::add);
		}
		files.sort(Comparator.comparing(Path::toString).reversed());
		return files;
	}

	private static String name(Path pidFile) {
		String file = pidFile.getFileName().toString();
		return file.substring(file.indexOf('-') + 1, file.length() - ".pid".length());
	}

	private static Optional<Long> readPid(Path pidFile) {
		try {
			return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	static String commandLine(long pid) {
		try {
			return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
					StandardCharsets.UTF_8)
				.replace('\0', ' ');
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static void stop(ProcessHandle process) {
		process.destroy();
		try {
			process.onExit().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			process.destroyForcibly();
		}
	}

}
