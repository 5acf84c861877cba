package id.niksync.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.common.Uuid;

/**
 * Kafka as the stack runs it: one node (the local stack, the benchmarks), or several
 * KRaft nodes, each broker and controller in a JVM of its own, forming one cluster (a
 * quorum of all of them; three copies of every internal topic and
 * {@code min.insync.replicas=2}), as docker-compose's replicated profile runs it. A node
 * can be killed and started again in place to stage the loss of a broker.
 */
public final class KafkaCluster implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private final List<KafkaBroker> nodes;

	private KafkaCluster(List<KafkaBroker> nodes) {
		this.nodes = List.copyOf(nodes);
	}

	/**
	 * A single node, as
	 * {@link KafkaBroker#start(Path, int, int, String, Reaper, KafkaTls)}.
	 */
	static KafkaCluster single(KafkaBroker broker) {
		return new KafkaCluster(List.of(broker));
	}

	/**
	 * Starts {@code size} nodes in {@code dir}/node-N, the first on {@code port} and
	 * {@code controllerPort}, the others on free ports, and returns once every one
	 * answers. The cluster id is kept in {@code dir}, so a restart finds its data.
	 */
	public static KafkaCluster start(Path dir, int size, int port, int controllerPort, String heap, Reaper reaper)
			throws IOException, InterruptedException {
		PrivateDirectory.of(dir);
		List<Integer> ports = new ArrayList<>(List.of(port));
		List<Integer> controllerPorts = new ArrayList<>(List.of(controllerPort));
		int[] free = Ports.free(2 * (size - 1));
		for (int i = 0; i < size - 1; i++) {
			ports.add(free[2 * i]);
			controllerPorts.add(free[2 * i + 1]);
		}
		String voters = java.util.stream.IntStream.range(0, size)
			.mapToObj((i) -> (i + 1) + "@" + HOST + ":" + controllerPorts.get(i))
			.collect(Collectors.joining(","));
		String clusterId = clusterId(dir);
		List<KafkaBroker> nodes = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			nodes.add(new KafkaBroker(dir.resolve("node-" + (i + 1)), ports.get(i), controllerPorts.get(i), heap,
					reaper, null, new KafkaBroker.Membership(i + 1, voters, clusterId, size)));
		}
		KafkaCluster cluster = new KafkaCluster(nodes);
		try {
			// All must be starting before any can elect a controller.
			for (KafkaBroker node : nodes) {
				node.launch();
			}
			for (KafkaBroker node : nodes) {
				node.awaitStarted();
			}
		}
		catch (IOException | RuntimeException | InterruptedException ex) {
			cluster.close();
			throw ex;
		}
		return cluster;
	}

	private static String clusterId(Path dir) throws IOException {
		Path file = dir.resolve("cluster.id");
		if (Files.exists(file)) {
			return Files.readString(file).trim();
		}
		String id = Uuid.randomUuid().toString();
		Files.writeString(file, id);
		return id;
	}

	/** Every node's address, for {@code bootstrap.servers}. */
	public String bootstrapServers() {
		return this.nodes.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
	}

	public List<KafkaBroker> nodes() {
		return this.nodes;
	}

	/** The first node: the only one of a single-node cluster. */
	public KafkaBroker first() {
		return this.nodes.get(0);
	}

	/**
	 * Fails if a node that should run has died (a node stopped or killed on purpose is
	 * not checked).
	 */
	public void checkAlive() {
		for (KafkaBroker node : this.nodes) {
			JvmProcess process = node.process();
			if (process != null) {
				process.checkAlive();
			}
		}
	}

	/**
	 * Stops every node together. One after the other, the last node running (or the last
	 * but one, with a node killed) had no controller quorum left to acknowledge its
	 * controlled shutdown and waited out the stop's 60 s before it was killed; together,
	 * the quorum outlives the brokers' shutdowns (in a combined node the broker stops
	 * before the controller).
	 */
	@Override
	public void close() {
		for (KafkaBroker node : this.nodes) {
			node.requestStop();
		}
		for (KafkaBroker node : this.nodes) {
			node.close();
		}
	}

}
