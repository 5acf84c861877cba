package id.niksync.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything the benchmark measures, each in its own process as in production: the
 * standalone broker, one PostgreSQL server per service, registry-service and
 * partner-sync-service from their executable jars.
 */
final class Stack implements AutoCloseable {

	static final String ADMIN = "bench-admin";

	private final Settings settings;

	private final String adminPassword = HexFormat.of().formatHex(SecureRandom.getSeed(16));

	private KafkaBroker broker;

	private PostgresServer registryDb;

	private PostgresServer replicaDb;

	private JvmProcess registry;

	private JvmProcess sync;

	private int registryPort;

	private int syncPort;

	private Stack(Settings settings) {
		this.settings = settings;
	}

	static Stack start(Settings settings, Path repository) throws Exception {
		Stack stack = new Stack(settings);
		try {
			stack.startInfrastructure(repository);
			stack.startServices(repository);
			return stack;
		}
		catch (Exception | Error ex) {
			stack.close();
			throw ex;
		}
	}

	private void startInfrastructure(Path repository) throws Exception {
		Path work = this.settings.workDir();
		String classpath = classpath(repository);
		this.broker = KafkaBroker.start(work.resolve("kafka"), freePort(), freePort(), classpath,
				this.settings.brokerHeap());
		this.registryDb = PostgresServer.start(work.resolve("pg-registry"), freePort(), "registry");
		this.replicaDb = PostgresServer.start(work.resolve("pg-replica"), freePort(), "sync");
	}

	private void startServices(Path repository) throws Exception {
		Path work = this.settings.workDir();
		this.registryPort = freePort();
		this.syncPort = freePort();
		this.registry = JvmProcess.start("registry-service", jvmArgs("registry-service"),
				overrides("registry", List.of("-jar", executableJar(repository, "registry-service").toString(),
						"--server.port=" + this.registryPort, "--spring.datasource.url=" + this.registryDb.jdbcUrl(),
						"--spring.datasource.username=" + PostgresServer.USER, "--spring.datasource.password=",
						"--spring.kafka.bootstrap-servers=" + this.broker.bootstrapServers())),
				Map.of(), work.resolve("logs/registry-service.log"));
		this.sync = JvmProcess.start("partner-sync-service", jvmArgs("partner-sync-service"),
				overrides("sync",
						List.of("-jar", executableJar(repository, "partner-sync-service").toString(),
								"--server.port=" + this.syncPort, "--spring.datasource.url=" + this.replicaDb.jdbcUrl(),
								"--spring.datasource.username=" + PostgresServer.USER, "--spring.datasource.password=",
								"--spring.kafka.bootstrap-servers=" + this.broker.bootstrapServers(),
								"--niksync.reconcile.registry-base-url=" + registryUrl())),
				// the same environment variables docker-compose.yml sets
				Map.of("NIKSYNC_ACCESS_BOOTSTRAP_OPERATORS_0_USERNAME", ADMIN,
						"NIKSYNC_ACCESS_BOOTSTRAP_OPERATORS_0_PASSWORD", this.adminPassword,
						"NIKSYNC_ACCESS_BOOTSTRAP_OPERATORS_0_ROLES", "ADMIN"),
				work.resolve("logs/partner-sync-service.log"));
		this.registry.awaitHttpOk(URI.create(registryUrl() + "/actuator/health/readiness"), Duration.ofMinutes(3));
		this.sync.awaitHttpOk(URI.create(syncUrl() + "/actuator/health/readiness"), Duration.ofMinutes(3));
	}

	/**
	 * {@code -Dbench.registry.<property>=<value>} (or {@code bench.sync.}) sets a
	 * service's Spring property, e.g.
	 * {@code -Dbench.registry.niksync.outbox.batch-size=2000}; they are in the results'
	 * settings.
	 */
	static Map<String, String> serviceOverrides(String service) {
		Map<String, String> overrides = new java.util.TreeMap<>();
		String prefix = "bench." + service + ".";
		System.getProperties().forEach((key, value) -> {
			if (key.toString().startsWith(prefix)) {
				overrides.put(key.toString().substring(prefix.length()), value.toString());
			}
		});
		return overrides;
	}

	private static List<String> overrides(String service, List<String> args) {
		List<String> all = new ArrayList<>(args);
		serviceOverrides(service).forEach((key, value) -> all.add("--" + key + "=" + value));
		return all;
	}

	private List<String> jvmArgs(String name) throws IOException {
		List<String> args = new ArrayList<>(List.of("-Xms" + this.settings.serviceHeap(),
				"-Xmx" + this.settings.serviceHeap(), "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError"));
		if (this.settings.profile()) {
			Path jfr = Files.createDirectories(this.settings.workDir().resolve("jfr"));
			args.add(
					"-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr.resolve(name + ".jfr"));
		}
		return args;
	}

	private static Path executableJar(Path repository, String module) throws IOException {
		Path target = repository.resolve(module).resolve("target");
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No executable jar in " + target
						+ ": build first (benchmarks/run.sh does, or ./mvnw -DskipTests package)"));
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new IllegalStateException("No " + target + ": build first (benchmarks/run.sh does)", ex);
		}
	}

	/** The broker runs from the benchmark's own classpath (which holds kafka_2.13). */
	private static String classpath(Path repository) throws IOException {
		Path file = repository.resolve("benchmarks/target/benchmark.classpath");
		if (!Files.exists(file)) {
			throw new IllegalStateException("No " + file + ": build the benchmarks module first");
		}
		return repository.resolve("benchmarks/target/classes") + java.io.File.pathSeparator
				+ Files.readString(file).trim();
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	String registryUrl() {
		return "http://127.0.0.1:" + this.registryPort;
	}

	String syncUrl() {
		return "http://127.0.0.1:" + this.syncPort;
	}

	String adminPassword() {
		return this.adminPassword;
	}

	KafkaBroker broker() {
		return this.broker;
	}

	PostgresServer registryDb() {
		return this.registryDb;
	}

	PostgresServer replicaDb() {
		return this.replicaDb;
	}

	JvmProcess registry() {
		return this.registry;
	}

	JvmProcess sync() {
		return this.sync;
	}

	void checkAlive() {
		this.broker.process().checkAlive();
		this.registry.checkAlive();
		this.sync.checkAlive();
	}

	List<Map<String, Object>> memory() {
		return List.of(this.registry.memory(), this.sync.memory(), this.broker.process().memory());
	}

	Map<String, Object> describe() throws SQLException {
		Map<String, Object> stack = new LinkedHashMap<>();
		stack.put("kafka", "kafka_2.13 " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
				+ " standalone, KRaft single node, heap " + this.settings.brokerHeap());
		stack.put("postgresql",
				this.registryDb.setting("server_version") + " (zonky binaries), one server per service");
		stack.put("postgresqlSettings", PostgresServer.SETTINGS);
		stack.put("services", "executable jars, one JVM each, -Xmx" + this.settings.serviceHeap() + " G1, defaults of "
				+ "registry-service.yml / partner-sync-service.yml");
		return stack;
	}

	@Override
	public void close() {
		for (AutoCloseable part : new AutoCloseable[] { this.sync, this.registry, this.broker, this.replicaDb,
				this.registryDb }) {
			if (part != null) {
				try {
					part.close();
				}
				catch (Exception ex) {
					System.err.println("Could not stop " + part + ": " + ex);
				}
			}
		}
	}

}
