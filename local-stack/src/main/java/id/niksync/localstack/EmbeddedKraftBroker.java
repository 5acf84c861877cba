package id.niksync.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) inside this JVM, with
 * its log directory on disk so topics and offsets survive a restart. The storage is
 * formatted only on first start, when {@code meta.properties} is absent.
 */
final class EmbeddedKraftBroker implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedKraftBroker.class);

	private static final String HOST = "127.0.0.1";

	private final Path logDir;

	private final int port;

	private final int controllerPort;

	private KafkaRaftServer server;

	private EmbeddedKraftBroker(Path logDir, int port, int controllerPort) {
		this.logDir = logDir.toAbsolutePath().normalize();
		this.port = port;
		this.controllerPort = controllerPort;
	}

	static EmbeddedKraftBroker start(Path logDir, int port, int controllerPort) throws IOException {
		EmbeddedKraftBroker broker = new EmbeddedKraftBroker(logDir, port, controllerPort);
		broker.start();
		return broker;
	}

	String bootstrapServers() {
		return HOST + ":" + this.port;
	}

	private void start() throws IOException {
		keepJvmOnFatalFault();
		Files.createDirectories(this.logDir);
		KafkaConfig config = KafkaConfig.fromProps(serverProperties(), false);
		formatOnFirstStart(config);
		KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
		// Returns once the broker is registered and unfenced, i.e. ready for clients.
		raftServer.startup();
		this.server = raftServer;
		log.info("Kafka (KRaft) listening on {}, data in {}", bootstrapServers(), this.logDir);
	}

	/**
	 * Kafka halts the JVM on a fatal fault (e.g. a full disk), which would take both
	 * services down without a word. Here it is logged instead; the services keep running
	 * and report the broker as unreachable.
	 */
	private static void keepJvmOnFatalFault() {
		Exit.setExitProcedure((status, message) -> log.error(
				"KAFKA FATAL FAULT: the broker asked to exit the JVM (status {}): {}. Kafka is no longer reliable; stop the local stack (Ctrl-C) and start it again.",
				status, message));
		Exit.setHaltProcedure((status, message) -> log.error(
				"KAFKA FATAL FAULT: the broker asked to halt the JVM (status {}): {}. Kafka is no longer reliable; stop the local stack (Ctrl-C) and start it again.",
				status, message));
	}

	private Properties serverProperties() {
		Properties properties = new Properties();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", "1");
		properties.put("controller.quorum.voters", "1@" + HOST + ":" + this.controllerPort);
		properties.put("listeners",
				"PLAINTEXT://" + HOST + ":" + this.port + ",CONTROLLER://" + HOST + ":" + this.controllerPort);
		properties.put("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
		// metadata.log.dir defaults to the first log.dirs entry
		properties.put("log.dirs", this.logDir.toString());
		// One broker: every internal topic must fit on it (as in docker-compose.yml).
		properties.put("offsets.topic.replication.factor", "1");
		properties.put("offsets.topic.num.partitions", "1");
		properties.put("transaction.state.log.replication.factor", "1");
		properties.put("transaction.state.log.min.isr", "1");
		properties.put("default.replication.factor", "1");
		properties.put("min.insync.replicas", "1");
		properties.put("num.partitions", "6");
		properties.put("group.initial.rebalance.delay.ms", "0");
		// The services declare their topics; a misspelt topic name must fail, not appear.
		properties.put("auto.create.topics.enable", "false");
		return properties;
	}

	private void formatOnFirstStart(KafkaConfig config) throws IOException {
		String metadataDir = config.metadataLogDir();
		if (Files.exists(Path.of(metadataDir, "meta.properties"))) {
			log.info("Reusing Kafka storage in {}", metadataDir);
			return;
		}
		String clusterId = Uuid.randomUuid().toString();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		try {
			new Formatter().setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
				.setNodeId(config.nodeId())
				.setClusterId(clusterId)
				.setControllerListenerName(config.controllerListenerNames().head())
				.setMetadataLogDirectory(metadataDir)
				.addDirectory(metadataDir)
				.run();
		}
		catch (Exception ex) {
			throw new IOException("Cannot format Kafka storage in " + metadataDir + ": " + output, ex);
		}
		log.info("Formatted Kafka storage in {} (cluster id {})", metadataDir, clusterId);
	}

	@Override
	public synchronized void close() {
		KafkaRaftServer raftServer = this.server;
		if (raftServer == null) {
			return;
		}
		this.server = null;
		raftServer.shutdown();
		raftServer.awaitShutdown();
		log.info("Kafka stopped");
	}

}
