package id.niksync.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one launcher of the whole system in its production shape, for the local stack, the
 * benchmarks and the end-to-end tests: a KRaft broker and one PostgreSQL server per
 * service, then registry-service and partner-sync-service, each in a JVM of its own,
 * started from their executable jars with their own {@code application.yml} and only
 * addresses and the settings given here on the command line, credentials in the
 * environment (as docker-compose does; a command line is visible to every user of the
 * machine). {@link #close()} stops the services, the broker and the databases, in that
 * order; a {@link Reaper} sees to it when the launcher dies without closing.
 */
public final class Stack implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Stack.class);

	private static final String HOST = "127.0.0.1";

	/** Stop order: services before the broker before the databases. */
	private static final int SYNC = 0;

	private static final int REGISTRY = 1;

	private static final int BROKER = 2;

	private static final int REPLICA_DB = 3;

	private static final int REGISTRY_DB = 4;

	private final Settings settings;

	private final Reaper reaper;

	private final Parts parts = new Parts();

	private PostgresServer registryDb;

	private PostgresServer replicaDb;

	private KafkaCluster kafka;

	private JvmProcess registry;

	private JvmProcess sync;

	private SigningKey signingKey;

	/**
	 * The roles production uses (README, "Database roles") and the superuser, with the
	 * passwords this stack's directory keeps.
	 */
	private DatabasePasswords passwords;

	/** As started, for a restart. */
	private Map<String, String> registryArgs;

	private Map<String, String> syncArgs;

	/**
	 * What to start, and how.
	 *
	 * @param dir data and logs (created readable by its owner only)
	 * @param ports where everything listens
	 * @param brokerHeap the broker's heap, e.g. {@code 512m}
	 * @param serviceJvmArgs the services' JVM options (heap, GC); {@code {service}} in
	 * one becomes the service's name
	 * @param postgresConfig PostgreSQL server settings
	 * @param registryProperties Spring properties for registry-service, on its command
	 * line
	 * @param syncProperties Spring properties for partner-sync-service
	 * @param syncEnvironment environment variables for partner-sync-service (its
	 * bootstrap operators and registry account, as in docker-compose.yml)
	 * @param registryEnvironment environment variables for registry-service (its
	 * bootstrap accounts)
	 * @param kafkaTls null: the broker listens in plaintext on loopback, anyone on this
	 * machine may connect; else mutual TLS and ACLs, as docker-compose.yml runs it, each
	 * service with its own certificate
	 * @param brokers 1, or a cluster of that many nodes (plaintext on loopback only);
	 * with 3 or more the services declare their topics with three copies each
	 */
	public record Settings(Path dir, Ports ports, String brokerHeap, List<String> serviceJvmArgs,
			Map<String, String> postgresConfig, Map<String, String> registryProperties,
			Map<String, String> syncProperties, Map<String, String> syncEnvironment,
			Map<String, String> registryEnvironment, KafkaTls kafkaTls, int brokers) {

		public Settings {
			dir = dir.toAbsolutePath().normalize();
			if (brokers < 1 || (brokers > 1 && kafkaTls != null)) {
				throw new IllegalArgumentException("1 broker, or a plaintext cluster of several: " + brokers);
			}
		}

		/** One broker, with or without TLS. */
		public Settings(Path dir, Ports ports, String brokerHeap, List<String> serviceJvmArgs,
				Map<String, String> postgresConfig, Map<String, String> registryProperties,
				Map<String, String> syncProperties, Map<String, String> syncEnvironment,
				Map<String, String> registryEnvironment, KafkaTls kafkaTls) {
			this(dir, ports, brokerHeap, serviceJvmArgs, postgresConfig, registryProperties, syncProperties,
					syncEnvironment, registryEnvironment, kafkaTls, 1);
		}

		/** A plaintext broker on loopback, as the local stack and the benchmarks run. */
		public Settings(Path dir, Ports ports, String brokerHeap, List<String> serviceJvmArgs,
				Map<String, String> postgresConfig, Map<String, String> registryProperties,
				Map<String, String> syncProperties, Map<String, String> syncEnvironment,
				Map<String, String> registryEnvironment) {
			this(dir, ports, brokerHeap, serviceJvmArgs, postgresConfig, registryProperties, syncProperties,
					syncEnvironment, registryEnvironment, null);
		}

	}

	private Stack(Settings settings, Reaper reaper) {
		this.settings = settings;
		this.reaper = reaper;
	}

	/**
	 * Starts everything and returns once both services are ready; on failure, whatever
	 * started is stopped again.
	 */
	public static Stack start(Settings settings) throws IOException, InterruptedException {
		Stack stack = of(settings);
		stack.start();
		return stack;
	}

	/**
	 * A stack not started yet: {@link #close()} may be called from another thread while
	 * {@link #start()} runs (Ctrl-C during start-up), and stops what has started so far.
	 */
	public static Stack of(Settings settings) throws IOException {
		// Citizens' records, the broker's log, the services' logs: readable by their
		// owner only, also when the directory existed before (the benchmarks make
		// theirs).
		PrivateDirectory.of(settings.dir());
		return new Stack(settings, new Reaper(settings.dir()));
	}

	/** See {@link #start(Settings)}. */
	public void start() throws IOException, InterruptedException {
		try {
			startAll();
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private void startAll() throws IOException, InterruptedException {
		Path registryData = this.settings.dir().resolve("postgres-registry");
		Path syncData = this.settings.dir().resolve("postgres-sync");
		this.reaper.takeOver();
		PostgresServer.stopLeftover(registryData);
		PostgresServer.stopLeftover(syncData);
		this.settings.ports().checkFree();
		this.reaper.watch(List.of(registryData, syncData));
		Ports ports = this.settings.ports();
		DatabasePasswords passwords = DatabasePasswords.loadOrCreate(this.settings.dir());
		this.passwords = passwords;
		// The three are independent: started side by side, the slowest sets the pace.
		CompletableFuture<PostgresServer> registryDb = this.parts.async(REGISTRY_DB,
				() -> PostgresServer.start(registryData, ports.registryPg(), "registry", passwords.superuser(),
						passwords.role("registry_owner"), passwords.role("registry_app"),
						this.settings.postgresConfig()));
		CompletableFuture<PostgresServer> replicaDb = this.parts.async(REPLICA_DB,
				() -> PostgresServer.start(syncData, ports.syncPg(), "sync", passwords.superuser(),
						passwords.role("sync_owner"), passwords.role("sync_app"), this.settings.postgresConfig()));
		KafkaTls tls = this.settings.kafkaTls();
		int brokers = this.settings.brokers();
		CompletableFuture<KafkaCluster> broker = this.parts.async(BROKER,
				() -> (brokers == 1)
						? KafkaCluster.single(KafkaBroker.start(this.settings.dir().resolve("kafka"), ports.kafka(),
								ports.controller(), this.settings.brokerHeap(), this.reaper, tls))
						: KafkaCluster.start(this.settings.dir().resolve("kafka"), brokers, ports.kafka(),
								ports.controller(), this.settings.brokerHeap(), this.reaper));
		this.signingKey = SigningKey.loadOrCreate(this.settings.dir());
		this.registryDb = Parts.await(registryDb);
		this.replicaDb = Parts.await(replicaDb);
		if (tls != null || brokers > 1) {
			// The services declare their topics once, at start: their ACLs must exist by
			// then (compose: the kafka-acls step before the services); a cluster's other
			// nodes' addresses are known once it runs.
			this.kafka = Parts.await(broker);
		}
		// The services need their databases to start; the broker only once they run (its
		// clients wait for it, as they would in production), so it comes up meanwhile.
		this.registryArgs = new LinkedHashMap<>(service(ports.registry(), this.registryDb));
		this.registryArgs.putAll(this.settings.registryProperties());
		this.registry = this.parts.add(REGISTRY,
				startService("registry-service", this.registryArgs, registryEnvironment()));
		this.syncArgs = new LinkedHashMap<>(service(ports.sync(), this.replicaDb));
		this.syncArgs.put("niksync.registry.base-url", registryUrl());
		this.syncArgs.putAll(this.settings.syncProperties());
		this.sync = this.parts.add(SYNC, startService("partner-sync-service", this.syncArgs, syncEnvironment()));
		this.kafka = Parts.await(broker);
		// Started together, awaited in turn.
		this.registry.awaitHttpOk(URI.create(registryUrl() + "/actuator/health/readiness"), Duration.ofMinutes(3));
		this.sync.awaitHttpOk(URI.create(syncUrl() + "/actuator/health/readiness"), Duration.ofMinutes(3));
	}

	/**
	 * With TLS, the service's certificate through Spring Boot's standard variables, as
	 * docker-compose.yml sets them.
	 */
	private Map<String, String> kafkaSecurity(Map<String, String> environment, String principal) {
		if (this.settings.kafkaTls() == null) {
			return environment;
		}
		Map<String, String> withTls = new LinkedHashMap<>(this.settings.kafkaTls().springEnvironment(principal));
		withTls.putAll(environment);
		return withTls;
	}

	private static Map<String, String> with(Map<String, String> signing, Map<String, String> environment) {
		Map<String, String> all = new LinkedHashMap<>(signing);
		all.putAll(environment);
		return all;
	}

	/**
	 * The database passwords and the signing key, the Kafka certificate if any, then the
	 * settings' own variables.
	 */
	private Map<String, String> registryEnvironment() {
		return kafkaSecurity(with(with(databasePasswords(this.registryDb), this.signingKey.registryEnvironment()),
				this.settings.registryEnvironment()), KafkaTls.REGISTRY);
	}

	private Map<String, String> syncEnvironment() {
		return kafkaSecurity(with(with(databasePasswords(this.replicaDb), this.signingKey.syncEnvironment()),
				this.settings.syncEnvironment()), KafkaTls.SYNC);
	}

	/**
	 * The service's and Flyway's passwords, in the environment (as docker-compose.yml
	 * passes them): unlike a command line, it is not visible to other users.
	 */
	private static Map<String, String> databasePasswords(PostgresServer database) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("SPRING_DATASOURCE_PASSWORD", database.app().password());
		environment.put("SPRING_FLYWAY_PASSWORD", database.owner().password());
		return environment;
	}

	/**
	 * Starts registry-service again as it was started (same port, properties and
	 * environment) once the one before has ended ({@link JvmProcess#kill()}, a fault
	 * run), and waits until it is ready.
	 */
	public JvmProcess restartRegistry(Duration timeout) throws IOException, InterruptedException {
		JvmProcess restarted = this.parts.add(REGISTRY,
				startService("registry-service", this.registryArgs, registryEnvironment()));
		this.registry = restarted;
		restarted.awaitHttpOk(URI.create(registryUrl() + "/actuator/health/readiness"), timeout);
		return restarted;
	}

	/** As {@link #restartRegistry}, for partner-sync-service. */
	public JvmProcess restartSync(Duration timeout) throws IOException, InterruptedException {
		JvmProcess restarted = this.parts.add(SYNC,
				startService("partner-sync-service", this.syncArgs, syncEnvironment()));
		this.sync = restarted;
		restarted.awaitHttpOk(URI.create(syncUrl() + "/actuator/health/readiness"), timeout);
		return restarted;
	}

	/**
	 * Another partner-sync-service beside the first (a second member of its consumer
	 * group), named {@code name} (its log file): the first one's properties and
	 * environment with {@code overrides}, which must give it a {@code server.port} of its
	 * own. Waits until it is ready; stopped with the stack.
	 */
	public JvmProcess startAnotherSync(String name, Map<String, String> overrides, Duration timeout)
			throws IOException, InterruptedException {
		Map<String, String> args = new LinkedHashMap<>(this.syncArgs);
		args.putAll(overrides);
		JvmProcess other = this.parts.add(SYNC, startService("partner-sync-service", name, args, syncEnvironment()));
		other.awaitHttpOk(URI.create("http://" + HOST + ":" + args.get("server.port") + "/actuator/health/readiness"),
				timeout);
		return other;
	}

	/**
	 * Another registry-service beside the first, against the same database and broker,
	 * named {@code name}: the first one's properties and environment with
	 * {@code overrides}, which must give it a {@code server.port} of its own. Waits until
	 * it is ready; stopped with the stack.
	 */
	public JvmProcess startAnotherRegistry(String name, Map<String, String> overrides, Duration timeout)
			throws IOException, InterruptedException {
		Map<String, String> args = new LinkedHashMap<>(this.registryArgs);
		args.putAll(overrides);
		JvmProcess other = this.parts.add(REGISTRY,
				startService("registry-service", name, args, registryEnvironment()));
		other.awaitHttpOk(URI.create("http://" + HOST + ":" + args.get("server.port") + "/actuator/health/readiness"),
				timeout);
		return other;
	}

	private Map<String, String> service(int port, PostgresServer database) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", Integer.toString(port));
		properties.put("server.address", HOST);
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.username", database.app().name());
		properties.put("spring.flyway.user", database.owner().name());
		properties.put("spring.kafka.bootstrap-servers",
				(this.kafka != null) ? this.kafka.bootstrapServers() : HOST + ":" + this.settings.ports().kafka());
		if (this.settings.brokers() >= 3) {
			properties.put("niksync.topic.replication-factor", "3");
		}
		return properties;
	}

	private JvmProcess startService(String name, Map<String, String> properties, Map<String, String> environment)
			throws IOException {
		return startService(name, name, properties, environment);
	}

	private JvmProcess startService(String service, String name, Map<String, String> properties,
			Map<String, String> environment) throws IOException {
		List<String> args = new ArrayList<>(List.of("-jar", executableJar(service).toString()));
		properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		log.info("Starting {} on port {}, log in {}", name, properties.get("server.port"), logFile(name));
		List<String> jvmArgs = this.settings.serviceJvmArgs()
			.stream()
			.map((arg) -> arg.replace("{service}", name))
			.toList();
		return JvmProcess.start(name, jvmArgs, args, environment, logFile(name), this.reaper);
	}

	public Path logFile(String service) {
		return this.settings.dir().resolve("logs").resolve(service + ".log");
	}

	/**
	 * The services' executable jars, copied next to this module's classes by the build
	 * ({@code local-stack/target/services/}).
	 */
	public static Path executableJar(String service) {
		Path jar = servicesDir().resolve(service + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No " + jar + ": build first (local-stack/run.sh does, or "
					+ "./mvnw -DskipTests -pl local-stack -am package)");
		}
		return jar;
	}

	private static Path servicesDir() {
		try {
			// target/classes (or target/local-stack-<version>.jar) → target/services
			Path code = Path.of(Stack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			return code.getParent().resolve("services");
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException("Cannot tell where the local-stack classes are", ex);
		}
	}

	public Settings settings() {
		return this.settings;
	}

	public String registryUrl() {
		return "http://" + HOST + ":" + this.settings.ports().registry();
	}

	public String syncUrl() {
		return "http://" + HOST + ":" + this.settings.ports().sync();
	}

	public PostgresServer registryDb() {
		return this.registryDb;
	}

	public PostgresServer replicaDb() {
		return this.replicaDb;
	}

	/**
	 * The PostgreSQL passwords this stack's directory keeps
	 * ({@code dir/}{@value DatabasePasswords#FILE}); the superuser's connections are
	 * {@link PostgresServer#connect()}.
	 */
	public DatabasePasswords databasePasswords() {
		return this.passwords;
	}

	/**
	 * The event signing key the stack made on its first start
	 * ({@code dir/event-signing/}), for tools that publish as the registry.
	 */
	public SigningKey signingKey() {
		return this.signingKey;
	}

	/** The broker; of a cluster, its first node. */
	public KafkaBroker broker() {
		return this.kafka.first();
	}

	public KafkaCluster kafka() {
		return this.kafka;
	}

	public JvmProcess registry() {
		return this.registry;
	}

	public JvmProcess sync() {
		return this.sync;
	}

	/** Fails if a service or the broker has died. */
	public void checkAlive() {
		this.kafka.checkAlive();
		this.registry.checkAlive();
		this.sync.checkAlive();
	}

	/**
	 * Stops what was started, in this order: partner-sync-service, registry-service, the
	 * broker, the databases, also while the stack is still starting. A second call waits
	 * for the first to finish.
	 */
	@Override
	public void close() {
		this.parts.close();
		this.reaper.close();
	}

}
