package id.niksync.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one launcher of the whole system in its production shape, for the local stack, the
 * benchmarks and the end-to-end tests: a KRaft broker and one PostgreSQL server per
 * service, then registry-service and partner-sync-service, each in a JVM of its own,
 * started from their executable jars with their own {@code application.yml} and only
 * addresses, credentials and the settings given here on the command line or in the
 * environment (as docker-compose does). {@link #close()} stops the services, the broker
 * and the databases, in that order; a {@link Reaper} sees to it when the launcher dies
 * without closing.
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

	/** Started parts with their stop rank: the lowest is stopped first. */
	private final List<Part> parts = new ArrayList<>();

	private final List<CompletableFuture<?>> starting = new ArrayList<>();

	private final CountDownLatch stopped = new CountDownLatch(1);

	private PostgresServer registryDb;

	private PostgresServer replicaDb;

	private KafkaBroker broker;

	private JvmProcess registry;

	private JvmProcess sync;

	private boolean closed;

	/** close() has taken the parts to stop: a part that comes up now stops itself. */
	private boolean stopping;

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
	 * bootstrap operators, as in docker-compose.yml)
	 */
	public record Settings(Path dir, Ports ports, String brokerHeap, List<String> serviceJvmArgs,
			Map<String, String> postgresConfig, Map<String, String> registryProperties,
			Map<String, String> syncProperties, Map<String, String> syncEnvironment) {

		public Settings {
			dir = dir.toAbsolutePath().normalize();
		}

	}

	/** Ports of the broker, its controller, the two services and the two databases. */
	public record Ports(int kafka, int controller, int registry, int sync, int registryPg, int syncPg) {

		/** Six ports that are free now. */
		public static Ports free() throws IOException {
			List<ServerSocket> sockets = new ArrayList<>();
			try {
				for (int i = 0; i < 6; i++) {
					sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
				}
				return new Ports(sockets.get(0).getLocalPort(), sockets.get(1).getLocalPort(),
						sockets.get(2).getLocalPort(), sockets.get(3).getLocalPort(), sockets.get(4).getLocalPort(),
						sockets.get(5).getLocalPort());
			}
			finally {
				for (ServerSocket socket : sockets) {
					socket.close();
				}
			}
		}

		public int[] all() {
			return new int[] { this.kafka, this.controller, this.registry, this.sync, this.registryPg, this.syncPg };
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
		if (!Files.exists(settings.dir())) {
			// Citizens' records and the broker's log: readable by their owner only.
			Files.createDirectories(settings.dir(),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
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
		checkPortsAreFree(this.settings.ports());
		this.reaper.watch(List.of(registryData, syncData));
		Ports ports = this.settings.ports();
		// The three are independent: started side by side, the slowest sets the pace.
		CompletableFuture<PostgresServer> registryDb = async(REGISTRY_DB, () -> PostgresServer.start(registryData,
				ports.registryPg(), "registry", this.settings.postgresConfig()));
		CompletableFuture<PostgresServer> replicaDb = async(REPLICA_DB,
				() -> PostgresServer.start(syncData, ports.syncPg(), "sync", this.settings.postgresConfig()));
		CompletableFuture<KafkaBroker> broker = async(BROKER,
				() -> KafkaBroker.start(this.settings.dir().resolve("kafka"), ports.kafka(), ports.controller(),
						this.settings.brokerHeap(), this.reaper));
		this.registryDb = await(registryDb);
		this.replicaDb = await(replicaDb);
		// The services need their databases to start; the broker only once they run (its
		// clients wait for it, as they would in production), so it comes up meanwhile.
		Map<String, String> registryArgs = new LinkedHashMap<>(service(ports.registry(), this.registryDb));
		registryArgs.putAll(this.settings.registryProperties());
		this.registry = add(REGISTRY, startService("registry-service", registryArgs, Map.of()));
		Map<String, String> syncArgs = new LinkedHashMap<>(service(ports.sync(), this.replicaDb));
		syncArgs.put("niksync.registry.base-url", registryUrl());
		syncArgs.putAll(this.settings.syncProperties());
		this.sync = add(SYNC, startService("partner-sync-service", syncArgs, this.settings.syncEnvironment()));
		this.broker = await(broker);
		// Started together, awaited in turn.
		this.registry.awaitHttpOk(URI.create(registryUrl() + "/actuator/health/readiness"), Duration.ofMinutes(3));
		this.sync.awaitHttpOk(URI.create(syncUrl() + "/actuator/health/readiness"), Duration.ofMinutes(3));
	}

	private interface Start<T extends AutoCloseable> {

		T start() throws Exception;

	}

	/** Starts a part on a thread of its own; it is {@link #add added} once started. */
	private synchronized <T extends AutoCloseable> CompletableFuture<T> async(int rank, Start<T> part) {
		CompletableFuture<T> future = CompletableFuture.supplyAsync(() -> {
			try {
				return add(rank, part.start());
			}
			catch (RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new CompletionException(ex);
			}
		}, (task) -> new Thread(task, "stack-start").start());
		this.starting.add(future);
		return future;
	}

	/**
	 * Waits for a part. After a failure the stack is closed, and a part that finishes
	 * starting later is stopped by {@link #add}.
	 */
	private static <T> T await(CompletableFuture<T> part) throws IOException, InterruptedException {
		try {
			return part.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() instanceof CompletionException) ? ex.getCause().getCause() : ex.getCause();
			if (cause instanceof IOException io) {
				throw io;
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(cause.getMessage(), cause);
		}
	}

	private Map<String, String> service(int port, PostgresServer database) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", Integer.toString(port));
		properties.put("server.address", HOST);
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.username", PostgresServer.USER);
		properties.put("spring.datasource.password", PostgresServer.PASSWORD);
		properties.put("spring.kafka.bootstrap-servers", HOST + ":" + this.settings.ports().kafka());
		return properties;
	}

	private JvmProcess startService(String name, Map<String, String> properties, Map<String, String> environment)
			throws IOException {
		List<String> args = new ArrayList<>(List.of("-jar", executableJar(name).toString()));
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

	/**
	 * Keeps a started part so that {@link #close()} stops it in order, also one that
	 * finishes starting while close() waits for it; one that comes up even later stops
	 * itself.
	 */
	private <T extends AutoCloseable> T add(int rank, T part) {
		synchronized (this) {
			if (!this.closed) {
				this.parts.add(new Part(rank, part));
				return part;
			}
			if (!this.stopping) {
				// close() is waiting for the parts still starting: it stops this one in
				// order.
				this.parts.add(new Part(rank, part));
				throw new IllegalStateException("The stack was stopped while starting");
			}
		}
		stop(part);
		throw new IllegalStateException("The stack was stopped while starting");
	}

	public synchronized boolean isClosed() {
		return this.closed;
	}

	/** Fails fast, and says which port, instead of half-starting the stack. */
	private static void checkPortsAreFree(Ports ports) throws IOException {
		for (int port : ports.all()) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			}
			catch (IOException ex) {
				throw new IOException("Port " + port + " is in use (is the local stack already running?). "
						+ "Stop what uses it, or choose other ports (LOCALSTACK_*_PORT).", ex);
			}
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

	public KafkaBroker broker() {
		return this.broker;
	}

	public JvmProcess registry() {
		return this.registry;
	}

	public JvmProcess sync() {
		return this.sync;
	}

	/** Fails if a service or the broker has died. */
	public void checkAlive() {
		this.broker.process().checkAlive();
		this.registry.checkAlive();
		this.sync.checkAlive();
	}

	/**
	 * Stops what was started, in this order: partner-sync-service, registry-service, the
	 * broker, the databases. Parts still starting (Ctrl-C during start-up) are waited for
	 * first and stopped as they come up. A second call waits for the first to finish.
	 */
	@Override
	public void close() {
		List<CompletableFuture<?>> pending;
		synchronized (this) {
			if (this.closed) {
				awaitStopped();
				return;
			}
			this.closed = true;
			pending = List.copyOf(this.starting);
		}
		for (CompletableFuture<?> part : pending) {
			try {
				part.get(3, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				// failed or stopped at once by add(); nothing of it to stop here
			}
		}
		List<Part> started;
		synchronized (this) {
			this.stopping = true;
			started = new ArrayList<>(this.parts);
			this.parts.clear();
		}
		started.sort(Comparator.comparingInt(Part::rank));
		started.forEach((part) -> stop(part.resource()));
		this.reaper.close();
		this.stopped.countDown();
	}

	private void awaitStopped() {
		try {
			this.stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void stop(AutoCloseable part) {
		log.info("Stopping {}", part);
		try {
			part.close();
		}
		catch (Exception ex) {
			log.warn("Could not stop {}", part, ex);
		}
	}

	private record Part(int rank, AutoCloseable resource) {

	}

}
