package id.niksync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import id.niksync.localstack.DemoCredentials;
import id.niksync.localstack.JvmProcess;
import id.niksync.localstack.KafkaBroker;
import id.niksync.localstack.PostgresServer;

/**
 * What the benchmark measures: the project's one launcher
 * ({@link id.niksync.localstack.Stack}) with production settings — PostgreSQL with fsync
 * and synchronous commit on, the services' heaps as configured, their
 * {@code application.yml} defaults — and an administrator created through the bootstrap
 * variables docker-compose.yml sets.
 */
public final class Stack implements AutoCloseable {

	static final String ADMIN = "bench-admin";

	static final String REGISTRY_USER = "bench-registrar";

	/** Reads the registry's actuator (its relay's meters). */
	static final String MONITOR = "bench-monitor";

	/**
	 * Production-like PostgreSQL settings (zonky turns fsync off for tests); in the
	 * results.
	 */
	static final Map<String, String> POSTGRES = postgresSettings();

	private final Settings settings;

	private final String adminPassword;

	private final id.niksync.localstack.Stack stack;

	private final String registryPassword;

	private final String monitorPassword;

	private Stack(Settings settings, String adminPassword, String registryPassword, String monitorPassword,
			id.niksync.localstack.Stack stack) {
		this.settings = settings;
		this.adminPassword = adminPassword;
		this.registryPassword = registryPassword;
		this.monitorPassword = monitorPassword;
		this.stack = stack;
	}

	static Stack start(Settings settings) throws Exception {
		return start(settings, jvmArgs(settings));
	}

	/**
	 * The stack the fault suite uses: as the benchmark's, without profiling, data and
	 * logs in {@code workDir}.
	 */
	public static Stack start(Path workDir, String serviceHeap, String brokerHeap) throws Exception {
		Settings settings = new Settings(1, 0, 1, 1, 0, 1, List.of(1), Duration.ZERO, Duration.ZERO, 1, Duration.ZERO,
				0, 1, Duration.ZERO, 1, 1, 1, serviceHeap, brokerHeap, false, workDir, workDir, List.of(), 1);
		return start(settings, jvmArgs(settings));
	}

	private static Stack start(Settings settings, List<String> jvmArgs) throws Exception {
		Map<String, String> postgres = new LinkedHashMap<>(POSTGRES);
		if (settings.profile()) {
			// time per statement, for Benchmarks#statements
			postgres.put("shared_preload_libraries", "pg_stat_statements");
		}
		String adminPassword = HexFormat.of().formatHex(SecureRandom.getSeed(16));
		String registryPassword = HexFormat.of().formatHex(SecureRandom.getSeed(16));
		String monitorPassword = HexFormat.of().formatHex(SecureRandom.getSeed(16));
		id.niksync.localstack.Stack stack = id.niksync.localstack.Stack
			.start(new id.niksync.localstack.Stack.Settings(settings.workDir(), id.niksync.localstack.Ports.free(),
					settings.brokerHeap(), jvmArgs, postgres, serviceOverrides("registry"), serviceOverrides("sync"),
					Map.of("NIKSYNC_ACCESS_BOOTSTRAP_OPERATORS_0_USERNAME", ADMIN,
							"NIKSYNC_ACCESS_BOOTSTRAP_OPERATORS_0_PASSWORD", adminPassword,
							"NIKSYNC_ACCESS_BOOTSTRAP_OPERATORS_0_ROLES", "ADMIN", "NIKSYNC_REGISTRY_USERNAME",
							"bench-service", "NIKSYNC_REGISTRY_PASSWORD", registryPassword),
					DemoCredentials.registryAccounts(
							new String[][] { { REGISTRY_USER, registryPassword, "REGISTRAR,SUPERVISOR", "35" },
									{ "bench-service", registryPassword, "SERVICE", "" },
									{ MONITOR, monitorPassword, "MONITOR", "" } })));
		return new Stack(settings, adminPassword, registryPassword, monitorPassword, stack);
	}

	/**
	 * {@code -Dbench.registry.<property>=<value>} (or {@code bench.sync.}) sets a
	 * service's Spring property, e.g.
	 * {@code -Dbench.registry.niksync.outbox.batch-size=2000}; they are in the results'
	 * settings.
	 */
	public static Map<String, String> serviceOverrides(String service) {
		Map<String, String> overrides = new TreeMap<>();
		String prefix = "bench." + service + ".";
		System.getProperties().forEach((key, value) -> {
			if (key.toString().startsWith(prefix)) {
				overrides.put(key.toString().substring(prefix.length()), value.toString());
			}
		});
		return overrides;
	}

	private static List<String> jvmArgs(Settings settings) throws IOException {
		List<String> args = new ArrayList<>(List.of("-Xms" + settings.serviceHeap(), "-Xmx" + settings.serviceHeap(),
				"-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError"));
		args.addAll(extraServiceJvmArgs());
		if (settings.profile()) {
			Path jfr = Files.createDirectories(settings.workDir().resolve("jfr"));
			args.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr + "/{service}.jfr");
		}
		return args;
	}

	/**
	 * {@code bench.serviceJvmArgs}: more options for both services' JVMs, separated by
	 * whitespace (an experiment with the JIT, for one), with the benchmark's own; none by
	 * default.
	 */
	static List<String> extraServiceJvmArgs() {
		return Arrays.stream(System.getProperty("bench.serviceJvmArgs", "").split("\\s+"))
			.filter((arg) -> !arg.isBlank())
			.toList();
	}

	public String registryUrl() {
		return this.stack.registryUrl();
	}

	public String syncUrl() {
		return this.stack.syncUrl();
	}

	public String adminPassword() {
		return this.adminPassword;
	}

	String monitorPassword() {
		return this.monitorPassword;
	}

	/**
	 * The benchmark's registry account (REGISTRAR and SUPERVISOR of province 35, where
	 * every generated resident lives), as an Authorization header.
	 */
	public String registryAuthorization() {
		return Http.basic(REGISTRY_USER, this.registryPassword);
	}

	public KafkaBroker broker() {
		return this.stack.broker();
	}

	public PostgresServer registryDb() {
		return this.stack.registryDb();
	}

	public PostgresServer replicaDb() {
		return this.stack.replicaDb();
	}

	public JvmProcess registry() {
		return this.stack.registry();
	}

	public JvmProcess sync() {
		return this.stack.sync();
	}

	public void checkAlive() {
		this.stack.checkAlive();
	}

	List<Map<String, Object>> memory() {
		return List.of(registry().memory(), sync().memory(), broker().process().memory());
	}

	Map<String, Object> describe() throws SQLException {
		Map<String, Object> stack = new LinkedHashMap<>();
		stack.put("kafka", "kafka_2.13 " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
				+ " standalone, KRaft single node, heap " + this.settings.brokerHeap());
		stack.put("postgresql", registryDb().setting("server_version") + " (zonky binaries), one server per service");
		stack.put("postgresqlSettings", POSTGRES);
		stack.put("services", "executable jars, one JVM each, -Xmx" + this.settings.serviceHeap() + " G1, defaults of "
				+ "their application.yml");
		return stack;
	}

	/** The launcher itself: restarts and further instances for the fault suite. */
	public id.niksync.localstack.Stack launcher() {
		return this.stack;
	}

	@Override
	public void close() {
		this.stack.close();
	}

	private static Map<String, String> postgresSettings() {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("fsync", "on");
		settings.put("synchronous_commit", "on");
		settings.put("full_page_writes", "on");
		settings.put("shared_buffers", "512MB");
		settings.put("max_wal_size", "4GB");
		settings.put("checkpoint_timeout", "15min");
		settings.put("max_connections", "200");
		// Every autovacuum and checkpoint in the server's log
		// (benchmarks/work/postgres-*.log)
		// with its times, to compare with the phases' own (freshness at 500/s varied
		// between runs of the same code, issue 16).
		settings.put("log_autovacuum_min_duration", "0");
		settings.put("log_checkpoints", "on");
		return settings;
	}

}
