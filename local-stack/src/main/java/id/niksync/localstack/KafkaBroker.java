package id.niksync.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, combined broker and controller): the {@code kafka_2.13}
 * broker's own {@code kafka.Kafka} main in a JVM of its own, its storage formatted on
 * first start only (topics and offsets survive a restart). It can be stopped and started
 * again in place, on the same port and data, to stage a broker outage. Plaintext on
 * loopback, as the local stack runs it; with {@link KafkaTls}, as docker-compose.yml runs
 * it: mutual TLS on every listener and ACLs. Its directory is readable by its owner only.
 */
public final class KafkaBroker implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

	private static final String HOST = "127.0.0.1";

	private final Path dir;

	private final int port;

	private final int controllerPort;

	private final String heap;

	private final Reaper reaper;

	private final KafkaTls tls;

	/** Where it stands in its cluster: node id, the voters, the cluster's size. */
	private final Membership membership;

	private JvmProcess process;

	/**
	 * @param nodeId this node's id (1 for a single node)
	 * @param voters {@code controller.quorum.voters}: every node is broker and controller
	 * @param clusterId the id its storage is formatted with (null: a new one)
	 * @param size how many nodes the cluster has: the internal topics' replication factor
	 * and {@code min.insync.replicas} follow it
	 */
	record Membership(int nodeId, String voters, String clusterId, int size) {

		static Membership single(int controllerPort) {
			return new Membership(1, "1@" + HOST + ":" + controllerPort, null, 1);
		}

	}

	KafkaBroker(Path dir, int port, int controllerPort, String heap, Reaper reaper, KafkaTls tls,
			Membership membership) {
		this.dir = dir.toAbsolutePath().normalize();
		this.port = port;
		this.controllerPort = controllerPort;
		this.heap = heap;
		this.reaper = reaper;
		this.tls = tls;
		this.membership = membership;
	}

	/**
	 * Starts the broker (formatting its storage the first time) and waits until it
	 * answers.
	 */
	public static KafkaBroker start(Path dir, int port, int controllerPort, String heap, Reaper reaper)
			throws IOException, InterruptedException {
		return start(dir, port, controllerPort, heap, reaper, null);
	}

	/**
	 * As {@link #start(Path, int, int, String, Reaper)}; with {@code tls} (may be null)
	 * every listener takes TLS clients with a certificate only, ACLs apply, and
	 * {@link KafkaTls#aclScript()} grants the services theirs once the broker answers.
	 */
	public static KafkaBroker start(Path dir, int port, int controllerPort, String heap, Reaper reaper, KafkaTls tls)
			throws IOException, InterruptedException {
		KafkaBroker broker = new KafkaBroker(dir, port, controllerPort, heap, reaper, tls,
				Membership.single(controllerPort));
		broker.start();
		return broker;
	}

	/**
	 * Starts it (again, after {@link #stop()} or {@link #kill()}) and waits until it
	 * answers.
	 */
	public synchronized void start() throws IOException, InterruptedException {
		if (this.process != null) {
			return;
		}
		launch();
		awaitStarted();
	}

	/**
	 * Starts the process without waiting: the nodes of a cluster must all be starting
	 * before any can elect a controller.
	 */
	synchronized void launch() throws IOException {
		if (this.process != null) {
			return;
		}
		Properties properties = configuration();
		// Log segments are citizens' records; the configuration may hold store passwords.
		PrivateDirectory.of(this.dir);
		PrivateDirectory.of(this.dir.resolve("data"));
		Path config = this.dir.resolve("server.properties");
		try (var writer = Files.newBufferedWriter(config)) {
			properties.store(writer, "written by the launcher at every start");
		}
		formatOnFirstStart(properties);
		// The broker's classes are on this launcher's classpath (kafka_2.13).
		this.process = JvmProcess.start("kafka",
				List.of("-Xms" + this.heap, "-Xmx" + this.heap, "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
						"-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
						"-Dlogback.configurationFile=" + writeLogging()),
				List.of("kafka.Kafka", config.toString()), Map.of(), this.dir.resolve("broker.log"), this.reaper);
	}

	/** Waits until the launched process answers (and applies the ACLs, with TLS). */
	synchronized void awaitStarted() throws IOException, InterruptedException {
		try {
			awaitReady(Duration.ofSeconds(90));
			if (this.tls != null) {
				applyAcls();
			}
		}
		catch (IOException | RuntimeException | InterruptedException ex) {
			stop();
			throw ex;
		}
		log.info("Kafka (KRaft) listening on {}, data in {}", bootstrapServers(), this.dir.resolve("data"));
	}

	/** Stops the broker (SIGTERM: a controlled shutdown); its data stays. */
	public synchronized void stop() {
		if (this.process != null) {
			this.process.close();
			this.process = null;
		}
	}

	/**
	 * Asks the broker to stop (SIGTERM) without waiting; {@link #stop()} waits for it.
	 */
	synchronized void requestStop() {
		if (this.process != null) {
			this.process.requestStop();
		}
	}

	/**
	 * Kills the broker with SIGKILL (a crash: no controlled shutdown, the next start
	 * recovers its log); its data stays. For fault runs.
	 */
	public synchronized void kill() throws InterruptedException {
		if (this.process != null) {
			this.process.kill();
			this.process = null;
		}
	}

	public String bootstrapServers() {
		return HOST + ":" + this.port;
	}

	public synchronized JvmProcess process() {
		return this.process;
	}

	public Admin admin() {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
		if (this.tls != null) {
			properties.putAll(this.tls.clientProperties(KafkaTls.ADMIN));
		}
		return Admin.create(properties);
	}

	@Override
	public String toString() {
		return "Kafka on " + bootstrapServers();
	}

	@Override
	public void close() {
		stop();
	}

	/** The broker's configuration, kept as {@code server.properties} in its directory. */
	private Properties configuration() {
		Properties properties = new Properties();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", Integer.toString(this.membership.nodeId()));
		properties.put("controller.quorum.voters", this.membership.voters());
		// PLAINTEXT on loopback, or SSL (TLS, a client certificate required) for the
		// clients' listener and the controller's alike.
		String protocol = (this.tls != null) ? "SSL" : "PLAINTEXT";
		properties.put("listeners",
				protocol + "://" + HOST + ":" + this.port + ",CONTROLLER://" + HOST + ":" + this.controllerPort);
		properties.put("advertised.listeners", protocol + "://" + bootstrapServers());
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:" + protocol);
		properties.put("inter.broker.listener.name", protocol);
		if (this.tls != null) {
			properties.putAll(this.tls.brokerProperties());
		}
		properties.put("log.dirs", this.dir.resolve("data").toString());
		// The services declare their topics; a misspelt topic name must fail, not appear.
		properties.put("auto.create.topics.enable", "false");
		properties.put("num.partitions", "6");
		// One broker: every internal topic must fit on it. Three or more: three copies of
		// each, and an acknowledged write is on at least two (as docker-compose.yml's
		// replicated profile runs it).
		String copies = Integer.toString(Math.min(3, this.membership.size()));
		String inSync = (this.membership.size() > 1) ? "2" : "1";
		properties.put("offsets.topic.replication.factor", copies);
		properties.put("offsets.topic.num.partitions", "1");
		properties.put("default.replication.factor", copies);
		properties.put("min.insync.replicas", inSync);
		properties.put("transaction.state.log.replication.factor", copies);
		properties.put("transaction.state.log.min.isr", inSync);
		properties.put("group.initial.rebalance.delay.ms", "0");
		properties.put("num.network.threads", "3");
		properties.put("num.io.threads", "8");
		return properties;
	}

	/**
	 * Runs {@code docker/kafka/acls.sh} as compose's kafka-acls step does, its
	 * {@code kafka-acls.sh} being Kafka's own {@code AclCommand} from this classpath.
	 */
	private void applyAcls() throws IOException, InterruptedException {
		Path bin = PrivateDirectory.of(this.dir.resolve("bin"));
		Path aclCommand = bin.resolve("kafka-acls.sh");
		// acls.sh runs it once per grant, each a JVM that lives a second or two: the
		// quick compiler alone and the serial collector start it for less CPU than the
		// defaults (no C2 compiler threads, no G1 threads).
		Files.writeString(aclCommand,
				"#!/bin/sh\nexec '" + ProcessHandle.current().info().command().orElse("java")
						+ "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlogback.configurationFile='"
						+ this.dir.resolve("logback.xml") + "' -cp '" + System.getProperty("java.class.path")
						+ "' kafka.admin.AclCommand \"$@\"\n");
		aclCommand.toFile().setExecutable(true, true);
		Properties admin = new Properties();
		this.tls.clientProperties(KafkaTls.ADMIN).forEach((key, value) -> admin.put(key, value.toString()));
		Path adminConfig = this.dir.resolve("admin.properties");
		try (var writer = Files.newBufferedWriter(adminConfig)) {
			admin.store(writer, "the launcher's super user, for acls.sh");
		}
		Path output = this.dir.resolve("acls.log");
		ProcessBuilder script = new ProcessBuilder("bash", this.tls.aclScript().toString()).redirectErrorStream(true)
			.redirectOutput(output.toFile());
		script.environment()
			.putAll(Map.of("KAFKA_BOOTSTRAP", bootstrapServers(), "KAFKA_BIN", bin.toString(), "KAFKA_ADMIN_CONFIG",
					adminConfig.toString()));
		Process process = script.start();
		if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IOException(this.tls.aclScript() + " failed: " + Files.readString(output));
		}
		log.info("Kafka ACLs applied by {}", this.tls.aclScript());
	}

	private Path writeLogging() throws IOException {
		Path logback = this.dir.resolve("logback.xml");
		Files.writeString(logback, """
				<configuration>
				  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
				    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
				  </appender>
				  <root level="WARN"><appender-ref ref="OUT"/></root>
				  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
				</configuration>
				""");
		return logback;
	}

	/**
	 * As {@code kafka-storage.sh format} would, once: only when meta.properties is
	 * absent.
	 */
	private void formatOnFirstStart(Properties properties) throws IOException {
		KafkaConfig kafkaConfig = KafkaConfig.fromProps(properties, false);
		String metadataDir = kafkaConfig.metadataLogDir();
		if (Files.exists(Path.of(metadataDir, "meta.properties"))) {
			return;
		}
		String clusterId = (this.membership.clusterId() != null) ? this.membership.clusterId()
				: Uuid.randomUuid().toString();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		try {
			new Formatter().setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
				.setNodeId(kafkaConfig.nodeId())
				.setClusterId(clusterId)
				.setControllerListenerName(kafkaConfig.controllerListenerNames().head())
				.setMetadataLogDirectory(metadataDir)
				.addDirectory(metadataDir)
				.run();
		}
		catch (Exception ex) {
			throw new IOException("Cannot format Kafka storage in " + metadataDir + ": " + output, ex);
		}
		log.info("Formatted Kafka storage in {} (cluster id {})", metadataDir, clusterId);
	}

	private void awaitReady(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			this.process.checkAlive();
			try (Admin admin = admin()) {
				admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
				this.process.ready();
				return;
			}
			catch (Exception ex) {
				Thread.sleep(250);
			}
		}
		throw new IllegalStateException("Kafka not ready within " + timeout + "; see " + this.process.log());
	}

}
