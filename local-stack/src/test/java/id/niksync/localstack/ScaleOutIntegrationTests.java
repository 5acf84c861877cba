package id.niksync.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import id.niksync.schemas.NikChangedCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Production's shape on one machine: three KRaft brokers (three copies of every topic,
 * {@code min.insync.replicas=2}), two registry-service and two partner-sync-service
 * instances on the same databases. Under a steady load of registrations and updates
 * through both registries, one broker, the registry instance that leads the outbox relay
 * and one partner-sync instance are killed with SIGKILL, one after the other. Nothing
 * acknowledged is lost, the replica ends equal to the registry, the registry kept
 * accepting writes while the broker was gone, the relay's lead moved to the survivor, and
 * the topic holds every NIK's versions in order, each once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutIntegrationTests {

	private static final Duration START = Duration.ofMinutes(4);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private Stack stack;

	private Path stackDir;

	@RegisterExtension
	final StackLogsOnFailure logs = new StackLogsOnFailure(() -> this.stackDir);

	private JvmProcess secondRegistry;

	private JvmProcess secondSync;

	private String secondRegistryUrl;

	@BeforeAll
	void start(@TempDir Path dir) throws Exception {
		this.stackDir = dir;
		this.stack = Stack.start(new Stack.Settings(dir, Ports.free(), "256m",
				List.of("-Xms64m", "-Xmx384m", "-XX:+ExitOnOutOfMemoryError"), Map.of(), Map.of(), Map.of(),
				DemoCredentials.syncEnvironment(), DemoCredentials.registryEnvironment(), null, 3));
		int[] ports = Ports.free(2);
		this.secondRegistryUrl = "http://127.0.0.1:" + ports[0];
		// Side by side: each waits for its own readiness, the slower sets the pace.
		ExecutorService starting = Executors.newFixedThreadPool(2);
		try {
			Future<JvmProcess> registry = starting.submit(() -> this.stack.startAnotherRegistry("registry-service-2",
					Map.of("server.port", Integer.toString(ports[0])), START));
			Future<JvmProcess> sync = starting.submit(() -> this.stack.startAnotherSync("partner-sync-service-2",
					Map.of("server.port", Integer.toString(ports[1])), START));
			this.secondRegistry = registry.get();
			this.secondSync = sync.get();
		}
		finally {
			starting.shutdown();
		}
	}

	@AfterAll
	void stop() throws InterruptedException {
		if (this.stack != null) {
			// Nothing here is about a graceful stop (LocalStackIntegrationTests is): the
			// services and the brokers are killed, not stopped one by one (9 s).
			for (JvmProcess service : Arrays.asList(this.stack.registry(), this.stack.sync(), this.secondRegistry,
					this.secondSync)) {
				if (service != null) {
					service.kill();
				}
			}
			for (KafkaBroker node : this.stack.kafka().nodes()) {
				node.kill();
			}
			this.stack.close();
		}
	}

	@Test
	void losingABrokerTheRelayLeaderAndAConsumerLosesNoChangeAndReordersNone() throws Exception {
		JvmProcess firstRegistry = this.stack.registry();
		Load load = new Load(List.of(this.stack.registryUrl(), this.secondRegistryUrl));
		Thread[] writers = { load.writer(0), load.writer(1) };
		for (Thread writer : writers) {
			writer.start();
		}
		// The pipeline flows before anything dies.
		await().atMost(Duration.ofSeconds(120)).until(() -> load.acknowledged.size() >= 40);
		awaitOnReplica(load.snapshot());

		// 1. A broker dies: its partitions' leadership moves; writes go on. The relay's
		// transactions span every partition, so the replica catching up with what was
		// acknowledged after the loss shows the leadership has moved (the controller
		// fences the dead broker first); the registry must accept every write meanwhile.
		long brokerKilledAt = System.currentTimeMillis();
		this.stack.kafka().nodes().get(1).kill();
		Thread.sleep(3_000);
		awaitOnReplica(load.snapshot());
		Thread.sleep(Math.max(0, brokerKilledAt + 10_000 - System.currentTimeMillis()));
		assertThat(load.refused.get()).as("registry answers other than 2xx while a broker was down").isZero();

		// 2. The registry instance leading the relay dies; the other takes the lead.
		boolean firstLeads = Files.readString(firstRegistry.log()).contains("Outbox relay leads");
		JvmProcess leader = firstLeads ? firstRegistry : this.secondRegistry;
		JvmProcess survivor = firstLeads ? this.secondRegistry : firstRegistry;
		long leadsBefore = count(survivor.log(), "Outbox relay leads");
		load.avoid(firstLeads ? 0 : 1);
		long relayKilledAt = System.nanoTime();
		leader.kill();
		await().atMost(Duration.ofSeconds(60)).until(() -> count(survivor.log(), "Outbox relay leads") > leadsBefore);
		Duration leadMoved = Duration.ofNanos(System.nanoTime() - relayKilledAt);
		// The new leader publishes what was written through the survivor since.
		Thread.sleep(1_000);
		awaitOnReplica(load.snapshot());

		// 3. A partner-sync instance dies; its partitions move to the other once its
		// session (6 s) times out. The load goes on past that; the end below waits for
		// everything.
		this.stack.sync().kill();
		Thread.sleep(8_000);
		load.stop();
		for (Thread writer : writers) {
			writer.join(30_000);
		}
		assertThat(load.failure.get()).as("the load itself").isNull();
		assertThat(load.acknowledged).hasSizeGreaterThan(100);

		// Nothing acknowledged lost, nothing regressed: the replica ends equal to the
		// registry, NIK by NIK, and holds every acknowledged version or a later one.
		await().atMost(Duration.ofSeconds(120))
			.until(() -> versions(this::replicaDb, "replica_resident").equals(versions(this::registryDb, "resident")));
		Map<String, Long> replica = versions(this::replicaDb, "replica_resident");
		load.acknowledged.forEach((nik, version) -> assertThat(replica.get(nik)).as("replica version of %s", nik)
			.isGreaterThanOrEqualTo(version));

		// The topic: every NIK's versions in order, each once.
		Map<String, List<Long>> onTopic = topicVersions();
		onTopic.forEach((nik, versions) -> {
			for (int i = 1; i < versions.size(); i++) {
				assertThat(versions.get(i)).as("versions of %s on the topic: %s", nik, versions)
					.isGreaterThan(versions.get(i - 1));
			}
		});
		assertThat(onTopic.keySet()).containsAll(load.acknowledged.keySet());

		long pause = longestDelaySince(brokerKilledAt);
		System.out.printf(
				"scale-out: %d NIKs, %d writes acknowledged; longest registry-to-replica delay after the broker loss"
						+ " %d ms; relay lead moved in %d ms%n",
				load.acknowledged.size(), load.writes.get(), pause, leadMoved.toMillis());
		assertThat(pause).as("ms from a write to the replica after the broker died").isLessThan(60_000);
		assertThat(leadMoved).isLessThan(Duration.ofSeconds(30));
	}

	/**
	 * Registrations and updates through two registries, one writer each, its own NIKs.
	 */
	private final class Load {

		final Map<String, Long> acknowledged = new ConcurrentHashMap<>();

		final AtomicInteger refused = new AtomicInteger();

		final AtomicLong writes = new AtomicLong();

		final AtomicReference<Throwable> failure = new AtomicReference<>();

		private final List<String> registries;

		private volatile int avoided = -1;

		private volatile boolean running = true;

		Load(List<String> registries) {
			this.registries = registries;
		}

		/** What was acknowledged so far, NIK by NIK (its version). */
		Map<String, Long> snapshot() {
			return Map.copyOf(this.acknowledged);
		}

		void avoid(int registry) {
			this.avoided = registry;
		}

		void stop() {
			this.running = false;
		}

		Thread writer(int index) {
			Thread thread = new Thread(() -> {
				List<String> mine = new ArrayList<>();
				int serial = 0;
				while (this.running) {
					int registry = (this.avoided == index) ? 1 - index : index;
					try {
						boolean update = !mine.isEmpty() && serial % 3 == 2;
						String nik = update ? mine.get(serial % mine.size()) : nik(index, mine.size() + 1);
						HttpResponse<String> answer = update
								? send(registry, "PUT", "/api/v1/residents/" + nik, resident(nik, "Guru " + serial))
								: send(registry, "POST", "/api/v1/residents", resident(nik, "Bidan"));
						serial++;
						if (answer.statusCode() / 100 == 2) {
							this.writes.incrementAndGet();
							if (!update) {
								mine.add(nik);
							}
							this.acknowledged.merge(nik, 1L, Long::sum);
						}
						else if (this.avoided == -1) {
							this.refused.incrementAndGet();
						}
						Thread.sleep(25);
					}
					catch (IOException ex) {
						// The instance just killed: not acknowledged, tried again
						// elsewhere.
						if (this.avoided == -1) {
							this.refused.incrementAndGet();
						}
					}
					catch (InterruptedException ex) {
						return;
					}
					catch (RuntimeException ex) {
						this.failure.compareAndSet(null, ex);
						return;
					}
				}
			}, "load-" + index);
			thread.setDaemon(true);
			return thread;
		}

		private HttpResponse<String> send(int registry, String method, String path, String body)
				throws IOException, InterruptedException {
			return ScaleOutIntegrationTests.this.http.send(HttpRequest
				.newBuilder(URI.create(this.registries.get(registry) + path))
				.timeout(Duration.ofSeconds(20))
				.header("Content-Type", "application/json")
				.header("Authorization",
						DemoCredentials.authorization(DemoCredentials.REGISTRAR, DemoCredentials.REGISTRAR_PASSWORD))
				.method(method, HttpRequest.BodyPublishers.ofString(body))
				.build(), BodyHandlers.ofString());
		}

	}

	/**
	 * Writer {@code writer}'s n-th NIK: a woman born 1990-06-05, district 10 + writer.
	 */
	private static String nik(int writer, int n) {
		return "35111" + writer + "450690" + "%04d".formatted(n);
	}

	private static String resident(String nik, String occupation) {
		return """
				{"nik":"%s","kkNumber":"3511020101150002","fullName":"Dewi Lestari","birthPlace":"Bondowoso",
				 "birthDate":"1990-06-05","sex":"FEMALE","religion":"ISLAM","maritalStatus":"SINGLE","occupation":"%s",
				 "nationality":"WNI","address":{"street":"Jl. Mawar 3","rt":"002","rw":"004","village":"Nangkaan",
				 "district":"Bondowoso","regency":"Kabupaten Bondowoso","province":"Jawa Timur","postalCode":"68214"}}"""
			.formatted(nik, occupation);
	}

	private interface Db {

		Connection open() throws Exception;

	}

	private Connection registryDb() throws Exception {
		return this.stack.registryDb().connect();
	}

	private Connection replicaDb() throws Exception {
		return this.stack.replicaDb().connect();
	}

	/**
	 * Waits until the replica holds each of {@code acknowledged} at its version or later.
	 */
	private void awaitOnReplica(Map<String, Long> acknowledged) {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
			Map<String, Long> replica = versions(this::replicaDb, "replica_resident");
			return acknowledged.entrySet()
				.stream()
				.allMatch((entry) -> replica.getOrDefault(entry.getKey(), 0L) >= entry.getValue());
		});
	}

	/** Every test NIK's version in {@code table}. */
	private static Map<String, Long> versions(Db db, String table) throws Exception {
		Map<String, Long> versions = new HashMap<>();
		try (Connection connection = db.open(); Statement statement = connection.createStatement()) {
			try (ResultSet rs = statement
				.executeQuery("SELECT nik, version FROM " + table + " WHERE nik LIKE '35111%'")) {
				while (rs.next()) {
					versions.put(rs.getString(1), rs.getLong(2));
				}
			}
		}
		return versions;
	}

	/**
	 * The longest time from the registry's change to the replica, for changes after
	 * {@code since}.
	 */
	private long longestDelaySince(long since) throws Exception {
		try (Connection connection = replicaDb();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT coalesce(max(extract(epoch FROM"
						+ " (replicated_at - registry_changed_at)) * 1000), 0) FROM replica_resident"
						+ " WHERE registry_changed_at >= to_timestamp(" + (since / 1000.0) + ")")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	/**
	 * Every NIK's versions in topic order, as partner-sync reads the topic (committed
	 * only).
	 */
	private Map<String, List<Long>> topicVersions() {
		NikChangedCodec codec = new NikChangedCodec();
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.kafka().bootstrapServers());
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		Map<String, List<Long>> versions = new HashMap<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor("nik-changes", Duration.ofSeconds(30))
				.stream()
				.map((info) -> new TopicPartition("nik-changes", info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < ends.get(p))) {
				assertThat(System.nanoTime()).as("reading the topic in time").isLessThan(deadline);
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					if (record.key().startsWith("35111")) {
						versions.computeIfAbsent(record.key(), (nik) -> new ArrayList<>())
							.add(codec.decode(record.value()).getVersion());
					}
				}
			}
		}
		return versions;
	}

	private static long count(Path log, String text) throws IOException {
		return Files.readAllLines(log).stream().filter((line) -> line.contains(text)).count();
	}

}
