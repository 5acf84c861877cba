package id.niksync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A standalone single-node Kafka (KRaft, combined broker and controller): the
 * {@code kafka_2.13} broker's own {@code kafka.Kafka} main in a JVM of its own, with its
 * storage formatted by {@code kafka.tools.StorageTool} as an operator would.
 */
final class KafkaBroker implements AutoCloseable {

	private final JvmProcess process;

	private final String bootstrapServers;

	private KafkaBroker(JvmProcess process, String bootstrapServers) {
		this.process = process;
		this.bootstrapServers = bootstrapServers;
	}

	static KafkaBroker start(Path dir, int port, int controllerPort, String classpath, String heap)
			throws IOException, InterruptedException {
		Files.createDirectories(dir);
		Path config = dir.resolve("server.properties");
		Files.writeString(config,
				String.join("\n", "process.roles=broker,controller", "node.id=1",
						"controller.quorum.voters=1@127.0.0.1:" + controllerPort,
						"listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
						"advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
						"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
						"inter.broker.listener.name=PLAINTEXT", "log.dirs=" + dir.resolve("data"),
						// the services declare their topics; nothing is created by
						// accident
						"auto.create.topics.enable=false", "num.partitions=6", "offsets.topic.replication.factor=1",
						"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
						"group.initial.rebalance.delay.ms=0", "num.network.threads=3", "num.io.threads=8", ""));
		Path logback = dir.resolve("logback.xml");
		Files.writeString(logback, """
				<configuration>
				  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
				    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
				  </appender>
				  <root level="WARN"><appender-ref ref="OUT"/></root>
				  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
				</configuration>
				""");
		List<String> common = List.of("-cp", classpath, "-Dlogback.configurationFile=" + logback);
		Path log = dir.resolve("broker.log");
		try (JvmProcess format = JvmProcess.start("kafka-storage-format", common, List.of("kafka.tools.StorageTool",
				"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()), Map.of(), log)) {
			format.awaitExit(Duration.ofSeconds(60));
		}
		JvmProcess broker = JvmProcess
			.start("kafka",
					concat(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
							"-Djava.awt.headless=true"), common),
					List.of("kafka.Kafka", config.toString()), Map.of(), log);
		String bootstrap = "127.0.0.1:" + port;
		KafkaBroker started = new KafkaBroker(broker, bootstrap);
		try {
			started.awaitReady(Duration.ofSeconds(90));
		}
		catch (RuntimeException | InterruptedException ex) {
			started.close();
			throw ex;
		}
		return started;
	}

	private void awaitReady(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			this.process.checkAlive();
			try (Admin admin = admin()) {
				admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
				return;
			}
			catch (Exception ex) {
				Thread.sleep(250);
			}
		}
		throw new IllegalStateException("Kafka not ready within " + timeout);
	}

	Admin admin() {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
		return Admin.create(properties);
	}

	String bootstrapServers() {
		return this.bootstrapServers;
	}

	JvmProcess process() {
		return this.process;
	}

	private static List<String> concat(List<String> a, List<String> b) {
		return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
	}

	@Override
	public void close() {
		this.process.close();
	}

}
