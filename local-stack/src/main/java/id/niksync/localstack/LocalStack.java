package id.niksync.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The whole system on one machine, as {@code local-stack/run.sh} starts it: the
 * {@link Stack} (a KRaft broker, one PostgreSQL per service, registry-service and
 * partner-sync-service each in a JVM of its own) with the local stack's ports, demo
 * credentials and demo residents of Bondowoso. Data lives under {@code .local-stack/} and
 * survives restarts; Ctrl-C stops everything, in order.
 */
public final class LocalStack {

	private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

	private LocalStack() {
	}

	/**
	 * Where the stack keeps its data, its ports, and how many demo residents to seed.
	 * {@link #fromEnvironment()} reads overrides from system properties
	 * ({@code -Dlocalstack.seed=10000}) or environment variables
	 * ({@code LOCALSTACK_SEED=10000}).
	 */
	public record Settings(Path dir, int kafkaPort, int controllerPort, int registryPort, int syncPort,
			int registryPgPort, int syncPgPort, int seedCount) {

		public Settings {
			dir = dir.toAbsolutePath().normalize();
			if (seedCount < 0) {
				throw new IllegalArgumentException("seedCount must not be negative");
			}
		}

		public static Settings defaults() {
			return new Settings(Path.of(".local-stack"), 9092, 9093, 8081, 8082, 15432, 15433, 1000);
		}

		public static Settings fromEnvironment() {
			return from((key) -> System.getProperty(key, System.getenv(environmentVariable(key))));
		}

		static Settings from(UnaryOperator<String> lookup) {
			Settings defaults = defaults();
			String dir = lookup.apply("localstack.dir");
			return new Settings((dir != null) ? Path.of(dir) : defaults.dir(),
					number(lookup, "localstack.kafka-port", defaults.kafkaPort()),
					number(lookup, "localstack.controller-port", defaults.controllerPort()),
					number(lookup, "localstack.registry-port", defaults.registryPort()),
					number(lookup, "localstack.sync-port", defaults.syncPort()),
					number(lookup, "localstack.registry-pg-port", defaults.registryPgPort()),
					number(lookup, "localstack.sync-pg-port", defaults.syncPgPort()),
					number(lookup, "localstack.seed", defaults.seedCount()));
		}

		/** {@code localstack.kafka-port} is {@code LOCALSTACK_KAFKA_PORT}. */
		static String environmentVariable(String key) {
			return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
		}

		private static int number(UnaryOperator<String> lookup, String key, int defaultValue) {
			String value = lookup.apply(key);
			if (value == null || value.isBlank()) {
				return defaultValue;
			}
			try {
				return Integer.parseInt(value.trim());
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(
						key + " (" + environmentVariable(key) + ") must be a number, not '" + value + "'");
			}
		}

		int[] ports() {
			return stackPorts().all();
		}

		Ports stackPorts() {
			return new Ports(this.kafkaPort, this.controllerPort, this.registryPort, this.syncPort, this.registryPgPort,
					this.syncPgPort);
		}

		/**
		 * The stack as production runs it, with the demo operators and registry accounts
		 * created through the same bootstrap variables docker-compose.yml sets.
		 * PostgreSQL keeps zonky's settings (no fsync): a killed JVM loses nothing, a
		 * power loss may.
		 */
		Stack.Settings stackSettings() {
			return new Stack.Settings(this.dir, stackPorts(), "256m",
					List.of("-Xms128m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError"), Map.of(), Map.of(),
					// The residents counted every minute, not every 10: a first start
					// seeds its residents after the count at start, which showed 0 of 0
					// for ten minutes. The demo's alone: every other stack, the
					// benchmark's above all, counts as production does, a whole-country
					// aggregate on both databases (7.4 CPU s of the registry's PostgreSQL
					// at 1.9 million residents) ten times less often.
					Map.of("niksync.completeness.interval", "1m"), DemoCredentials.syncEnvironment(),
					DemoCredentials.registryEnvironment());
		}

	}

	/**
	 * Start the stack and return once both services answer and the demo data is in the
	 * registry. Closing the result stops everything; the data stays in
	 * {@link Settings#dir()}.
	 */
	public static RunningStack start(Settings settings) throws IOException, InterruptedException {
		RunningStack stack = new RunningStack(settings, Stack.of(settings.stackSettings()));
		try {
			startInto(stack);
			return stack;
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	public static void main(String[] args) throws Exception {
		long started = System.nanoTime();
		Settings settings = Settings.fromEnvironment();
		RunningStack stack = new RunningStack(settings, Stack.of(settings.stackSettings()));
		// The one place that stops the stack when the JVM exits for any other reason.
		Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
		stopOnSignal(stack, "INT", "TERM", "HUP");
		try {
			startInto(stack);
			System.out.println(StartupBanner.of(stack, Duration.ofNanos(System.nanoTime() - started)));
		}
		catch (Exception ex) {
			if (!stack.stopRequested()) {
				if (ex instanceof java.io.IOException) {
					// a port in use, another launcher: the message says it all
					log.error("The local stack did not start: {}", ex.getMessage());
				}
				else {
					log.error("The local stack did not start", ex);
				}
				stack.close();
				System.exit(1);
			}
			log.info("Stopped while starting; the next start carries on from here ({})", ex.getMessage());
		}
		// Keep the JVM up until the stack is stopped.
		stack.awaitClosed();
		System.exit(0);
	}

	/**
	 * Stops the stack in order on Ctrl-C (and kill, and a closed terminal) before the JVM
	 * runs its shutdown hooks. The JVM runs hooks concurrently, and zonky registers one
	 * per PostgreSQL server that stops it at once: left to the hooks, the databases would
	 * go down while the services are still closing.
	 */
	private static void stopOnSignal(RunningStack stack, String... signals) {
		for (String signal : signals) {
			try {
				Signal.handle(new Signal(signal), (received) -> stack.requestStop());
			}
			catch (IllegalArgumentException ex) {
				log.debug("Cannot handle SIG{}; the shutdown hook will stop the stack", signal, ex);
			}
		}
	}

	static void startInto(RunningStack stack) throws IOException, InterruptedException {
		Settings settings = stack.settings();
		log.info("Starting the NIK Sync local stack, data in {}", settings.dir());
		stack.stack().start();
		DemoCredentials.registerInstitutions(stack.syncUrl());
		if (settings.seedCount() > 0) {
			Seeder.Result result = new Seeder(stack.registryUrl(), stack.stack().registryDb(),
					DemoCredentials.authorization(DemoCredentials.REGISTRAR, DemoCredentials.REGISTRAR_PASSWORD))
				.seed(settings.seedCount());
			stack.seeded(result.registered());
		}
	}

}
