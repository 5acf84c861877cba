package id.niksync.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

import id.niksync.registry.RegistryApplication;
import id.niksync.sync.PartnerSyncApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system on one machine, in one JVM: a KRaft Kafka broker, one PostgreSQL per
 * service, registry-service and partner-sync-service, and demo residents of Bondowoso.
 * Data lives under {@code .local-stack/} and survives restarts; Ctrl-C stops everything.
 */
public final class LocalStack {

	private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

	private static final String[] REGISTRY_WITHOUT_SECURITY = {
			"org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
			"org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration",
			"org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration" };

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
			return new int[] { this.kafkaPort, this.controllerPort, this.registryPort, this.syncPort,
					this.registryPgPort, this.syncPgPort };
		}

	}

	/**
	 * Start the stack and return once both services answer and the demo data is in the
	 * registry. Closing the result stops everything; the data stays in
	 * {@link Settings#dir()}.
	 */
	public static RunningStack start(Settings settings) {
		RunningStack stack = new RunningStack(settings);
		try {
			startInto(stack);
			return stack;
		}
		catch (Exception ex) {
			stack.close();
			throw new IllegalStateException("The local stack did not start: " + ex.getMessage(), ex);
		}
	}

	public static void main(String[] args) throws InterruptedException {
		long started = System.nanoTime();
		RunningStack stack = new RunningStack(Settings.fromEnvironment());
		// The one place that stops the stack when the JVM exits for any other reason.
		Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
		stopOnSignal(stack, "INT", "TERM", "HUP");
		try {
			startInto(stack);
			System.out.println(StartupBanner.of(stack, Duration.ofNanos(System.nanoTime() - started)));
		}
		catch (Exception ex) {
			if (!stack.isClosed()) {
				log.error("The local stack did not start", ex);
				stack.close();
				System.exit(1);
			}
			log.info("Stopped while starting; the next start carries on from here ({})", ex.getMessage());
		}
		// Keep the JVM up until the stack is stopped: once the services' threads have
		// ended, the JVM would otherwise exit and run the other shutdown hooks too early.
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
				Signal.handle(new Signal(signal), (received) -> stack.close());
			}
			catch (IllegalArgumentException ex) {
				log.debug("Cannot handle SIG{}; the shutdown hook will stop the stack", signal, ex);
			}
		}
	}

	static void startInto(RunningStack stack) throws IOException, InterruptedException {
		Settings settings = stack.settings();
		Path registryData = settings.dir().resolve("postgres-registry");
		Path syncData = settings.dir().resolve("postgres-sync");
		PostgresServer.stopLeftover(registryData);
		PostgresServer.stopLeftover(syncData);
		checkPortsAreFree(settings);
		log.info("Starting the NIK Sync local stack, data in {}", settings.dir());
		stack.add("PostgreSQL (registry)", PostgresServer.start(registryData, settings.registryPgPort(), "registry"));
		stack.add("PostgreSQL (sync)", PostgresServer.start(syncData, settings.syncPgPort(), "sync"));
		stack.kafka(stack.add("Kafka",
				new KafkaPart(settings.dir().resolve("kafka"), settings.kafkaPort(), settings.controllerPort())));
		// main(...): otherwise Spring Boot names the class whose main() is running.
		// Spring Security is on this shared classpath for partner-sync only; the registry
		// runs as it
		// does on its own, without it.
		stack.add("registry-service",
				run(RegistryApplication.application().main(RegistryApplication.class), settings.registryPort(),
						stack.registryJdbcUrl(), stack,
						"--spring.autoconfigure.exclude=" + String.join(",", REGISTRY_WITHOUT_SECURITY)));
		stack.add("partner-sync-service", run(PartnerSyncApplication.application().main(PartnerSyncApplication.class),
				settings.syncPort(), stack.syncJdbcUrl(), stack,
				DemoCredentials.withDemoAccess("--niksync.reconcile.registry-base-url=" + stack.registryUrl())));
		if (settings.seedCount() > 0) {
			Seeder.Result result = new Seeder(stack.registryUrl(), stack.registryJdbcUrl()).seed(settings.seedCount());
			stack.seeded(result.registered());
		}
	}

	private static ConfigurableApplicationContext run(SpringApplicationBuilder service, int port, String jdbcUrl,
			RunningStack stack, String... extra) {
		String[] common = { "--server.port=" + port, "--server.address=127.0.0.1", "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=" + PostgresServer.USER,
				"--spring.datasource.password=" + PostgresServer.PASSWORD,
				"--spring.kafka.bootstrap-servers=" + stack.bootstrapServers(),
				// One JVM, two applications: the stack stops them, in order, and logging
				// must outlive both.
				"--logging.register-shutdown-hook=false", "--logging.include-application-name=false" };
		String[] args = new String[common.length + extra.length];
		System.arraycopy(common, 0, args, 0, common.length);
		System.arraycopy(extra, 0, args, common.length, extra.length);
		return service.registerShutdownHook(false).bannerMode(Banner.Mode.OFF).run(args);
	}

	/** Fails fast, and says which port, instead of half-starting the stack. */
	private static void checkPortsAreFree(Settings settings) throws IOException {
		for (int port : settings.ports()) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			}
			catch (IOException ex) {
				throw new IOException("Port " + port + " is in use (is the local stack already running?). "
						+ "Stop what uses it, or choose other ports: see LocalStack.Settings.", ex);
			}
		}
	}

}
