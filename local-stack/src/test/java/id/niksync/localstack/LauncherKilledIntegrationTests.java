package id.niksync.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A launcher killed with {@code kill -9} cannot stop its JVMs and databases itself: its
 * watchdog does, within seconds, and the next start finds nothing in its way.
 */
class LauncherKilledIntegrationTests {

	@TempDir
	Path dir;

	@RegisterExtension
	final StackLogsOnFailure logs = new StackLogsOnFailure(() -> this.dir);

	@Test
	void nothingOutlivesALauncherKilledWithSigkill() throws Exception {
		Process launcher = startLauncher(LocalStackIntegrationTests.freePorts(this.dir, 0));
		Path output = this.dir.resolve("launcher.out");
		try {
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(500))
				.failFast("the launcher exited", () -> !launcher.isAlive())
				.until(() -> Files.readString(output).contains("NIK Sync local stack is up"));
			List<ProcessHandle> started = children();
			assertThat(started)
				.as("kafka, registry-service, partner-sync-service, 2 x postgres, the watchdog; found:%n%s",
						describe(started))
				.hasSize(6);

			launcher.destroyForcibly().waitFor();

			await().atMost(Duration.ofSeconds(45))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> assertThat(started).noneMatch(ProcessHandle::isAlive));
		}
		finally {
			launcher.destroyForcibly();
			children().forEach(ProcessHandle::destroyForcibly);
		}
	}

	private Process startLauncher(LocalStack.Settings settings) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
				"-D" + JvmProcess.EXTRA_OPTIONS + "=" + System.getProperty(JvmProcess.EXTRA_OPTIONS, ""), "-cp",
				System.getProperty("java.class.path"), LocalStack.class.getName())
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("launcher.out").toFile());
		Map<String, String> environment = builder.environment();
		environment.put("LOCALSTACK_DIR", settings.dir().toString());
		environment.put("LOCALSTACK_KAFKA_PORT", Integer.toString(settings.kafkaPort()));
		environment.put("LOCALSTACK_CONTROLLER_PORT", Integer.toString(settings.controllerPort()));
		environment.put("LOCALSTACK_REGISTRY_PORT", Integer.toString(settings.registryPort()));
		environment.put("LOCALSTACK_SYNC_PORT", Integer.toString(settings.syncPort()));
		environment.put("LOCALSTACK_REGISTRY_PG_PORT", Integer.toString(settings.registryPgPort()));
		environment.put("LOCALSTACK_SYNC_PG_PORT", Integer.toString(settings.syncPgPort()));
		environment.put("LOCALSTACK_SEED", "0");
		return builder.start();
	}

	private static String describe(List<ProcessHandle> processes) {
		StringBuilder lines = new StringBuilder();
		for (ProcessHandle process : processes) {
			String commandLine = Reaper.commandLine(process.pid());
			lines.append("  ")
				.append(process.pid())
				.append(" (parent ")
				.append(process.parent().map((parent) -> Long.toString(parent.pid())).orElse("?"))
				.append(", started ")
				.append(process.info().startInstant().map(Object::toString).orElse("?"))
				.append("): ")
				// a JVM's main class and arguments are at the end, after its class path
				.append((commandLine.length() <= 300) ? commandLine
						: commandLine.substring(0, 150) + " … " + commandLine.substring(commandLine.length() - 150))
				.append(System.lineSeparator());
		}
		return lines.toString();
	}

	/**
	 * The stack's JVMs (by their marker) and PostgreSQL servers (by their data
	 * directory).
	 */
	private List<ProcessHandle> children() {
		String stackDir = this.dir.toAbsolutePath().normalize().toString();
		List<ProcessHandle> found = new ArrayList<>();
		try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
			all.forEach((process) -> {
				String commandLine = Reaper.commandLine(process.pid());
				if (commandLine.contains("-Dniksync.stack=" + stackDir + " ")
						|| (commandLine.contains("postgres -D " + stackDir + "/"))) {
					found.add(process);
				}
			});
		}
		return found;
	}

}
