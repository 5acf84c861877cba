package id.niksync.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.testsupport.Residents;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The broker as docker-compose.yml runs it: every listener TLS with a client certificate
 * required, principals from the certificates' subjects, ACLs from
 * {@code docker/kafka/acls.sh} and nothing allowed without one; the certificates made by
 * {@code docker/kafka/make-certs.sh}, the services configured through the
 * {@code SPRING_KAFKA_*} variables compose sets. Both services work over it end to end; a
 * client without a certificate, or with the other service's, gets nothing it must not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaTlsIntegrationTests {

	private static final String TOPIC = "nik-changes";

	private static final String DEAD_LETTERS = "nik-changes-dlt";

	private static final String REPLAYS = "nik-changes-replays";

	private static final String SEEDED = "3511024107920003";

	private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final ObjectMapper json = new ObjectMapper();

	private KafkaTls tls;

	private Stack stack;

	@BeforeAll
	void start(@TempDir Path dir) throws Exception {
		Path certificates = dir.resolve("certs");
		ProcessBuilder makeCerts = new ProcessBuilder("bash",
				REPOSITORY.resolve("docker/kafka/make-certs.sh").toString(), certificates.toString())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("make-certs.log").toFile());
		makeCerts.environment().put("KEYTOOL", Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		Process process = makeCerts.start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0)
			.as("make-certs.sh: %s", Files.readString(dir.resolve("make-certs.log")))
			.isTrue();
		this.tls = KafkaTls.read(certificates, REPOSITORY.resolve("docker/kafka/acls.sh"));
		// Made world-readable first, as the benchmarks' work directory is: the stack
		// makes
		// it its owner's.
		Path stackDir = Files.createDirectory(dir.resolve("stack"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		this.stack = Stack.start(new Stack.Settings(stackDir, Ports.free(), "256m",
				List.of("-Xms128m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError"), Map.of(), Map.of(), Map.of(),
				DemoCredentials.syncEnvironment(), DemoCredentials.registryEnvironment(), this.tls));
		// something on the topic for the clients below to (not) read
		assertThat(register(SEEDED).statusCode()).isEqualTo(201);
	}

	@AfterAll
	void stop() {
		if (this.stack != null) {
			this.stack.close();
		}
	}

	@Test
	void aResidentRegisteredInTheRegistryReachesTheReplicaOverMutualTls() throws Exception {
		String nik = "3511026503910005";
		HttpResponse<String> created = register(nik);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> syncState(nik).path("version").asLong() == 1);
		assertThat(syncState(nik).path("state").asText()).isEqualTo("ONLINE");
	}

	/**
	 * partner-sync's dead-letter path over TLS: it writes the DLT and its dead-letter
	 * store reads it back in its own group; a replay goes to the replay topic, which
	 * ingestion reads, and failing again is dead-lettered from there.
	 */
	@Test
	void aBadRecordIsDeadLetteredStoredAndReplayedOverMutualTls() throws Exception {
		String nik = "3511025808870006";
		// Only the registry's principal may write the topic; signed by the registry's
		// key, so that it can be replayed (it fails for its value).
		ProducerRecord<byte[], byte[]> bad = new ProducerRecord<>(TOPIC, nik.getBytes(), "not an event".getBytes());
		this.stack.signingKey().signer().sign(TOPIC, bad.key(), bad.value(), bad.headers());
		try (KafkaProducer<byte[], byte[]> producer = producer(this.tls.clientProperties(KafkaTls.REGISTRY))) {
			producer.send(bad).get(30, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> operator("/ops/dead-letters?nik=" + nik).path("total").asLong() == 1);
		long first = operator("/ops/dead-letters?nik=" + nik).at("/items/0/id").asLong();

		HttpResponse<String> replayed = operatorPost("/ops/dead-letters/" + first + "/replay",
				"{\"reason\":\"replay over mutual TLS\"}");
		assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> operator("/ops/dead-letters?nik=" + nik).path("total").asLong() == 2);
		JsonNode again = operator("/ops/dead-letters?nik=" + nik).at("/items/0");
		assertThat(again.path("replayOf").asLong()).isEqualTo(first);
		assertThat(again.path("originalTopic").asText()).isEqualTo(REPLAYS);
	}

	/**
	 * Nothing for a client without a certificate: on the TLS port, or in plaintext. A
	 * plaintext client never gets an answer, so each attempt is given a few seconds, not
	 * the clients' defaults; the six attempts run side by side (one after another, the
	 * plaintext ones waited 12 s).
	 */
	@Test
	void aClientWithoutACertificateCanNeitherConnectNorReadNorWrite() throws Exception {
		Map<String, Object> plaintext = Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
		ExecutorService attempts = Executors.newFixedThreadPool(6);
		try {
			Map<String, Future<?>> outcomes = new LinkedHashMap<>();
			for (Map<String, Object> anonymous : List.of(this.tls.trustOnly(), plaintext)) {
				Object protocol = anonymous.get("security.protocol");
				outcomes.put("listing topics as " + protocol, attempts.submit(() -> {
					try (Admin admin = Admin.create(client(anonymous))) {
						return catchThrowable(() -> admin.listTopics(new ListTopicsOptions().timeoutMs(4_000))
							.names()
							.get(6, TimeUnit.SECONDS));
					}
				}));
				Map<String, Object> impatient = new HashMap<>(anonymous);
				impatient.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 4_000);
				outcomes.put("writing as " + protocol, attempts.submit(() -> {
					try (KafkaProducer<byte[], byte[]> producer = producer(impatient)) {
						return catchThrowable(() -> producer.send(new ProducerRecord<>(TOPIC, "x".getBytes()))
							.get(6, TimeUnit.SECONDS));
					}
				}));
				outcomes.put("reading as " + protocol, attempts.submit(() -> readsNothing(anonymous, TOPIC)));
			}
			for (Map.Entry<String, Future<?>> outcome : outcomes.entrySet()) {
				Object failed = outcome.getValue().get(30, TimeUnit.SECONDS);
				// a refusal (the exception), or nothing read
				assertThat(failed).as(outcome.getKey()).isNotNull().isNotEqualTo(Boolean.FALSE);
			}
		}
		finally {
			attempts.shutdownNow();
		}
	}

	@Test
	void theRegistrysCertificateReadsOnlyItsOwnTopicAndNeitherTheDeadLettersNorPartnerSyncsGroup() throws Exception {
		awaitRecordsOn(TOPIC);
		Map<String, Object> registry = this.tls.clientProperties(KafkaTls.REGISTRY);
		// A new relay leader reads the end of what it publishes.
		assertThat(readFromStart(registry, TOPIC)).isNotEmpty();
		assertThat(catchThrowable(() -> readFromStart(registry, DEAD_LETTERS)))
			.isInstanceOf(TopicAuthorizationException.class);
		assertThat(catchThrowable(() -> readFromStart(registry, REPLAYS)))
			.isInstanceOf(TopicAuthorizationException.class);
		assertThat(catchThrowable(() -> joinGroup(registry, "partner-sync")))
			.isInstanceOf(GroupAuthorizationException.class);
		try (KafkaProducer<byte[], byte[]> producer = producer(registry)) {
			assertThat(causes(catchThrowable(
					() -> producer.send(new ProducerRecord<>(DEAD_LETTERS, "x".getBytes(), "forged letter".getBytes()))
						.get(20, TimeUnit.SECONDS))))
				.hasAtLeastOneElementOfType(TopicAuthorizationException.class);
			assertThat(causes(catchThrowable(
					() -> producer.send(new ProducerRecord<>(REPLAYS, "x".getBytes(), "forged replay".getBytes()))
						.get(20, TimeUnit.SECONDS))))
				.hasAtLeastOneElementOfType(TopicAuthorizationException.class);
		}
	}

	/**
	 * The relay's transactional id is the registry's alone: partner-sync's certificate
	 * could otherwise fence the registry's producer at will.
	 */
	@Test
	void onlyTheRegistryMayUseTheRelaysTransactionalId() {
		Map<String, Object> sync = new HashMap<>(this.tls.clientProperties(KafkaTls.SYNC));
		sync.put("transactional.id", "niksync-registry-relay");
		try (KafkaProducer<byte[], byte[]> producer = producer(sync)) {
			assertThat(causes(catchThrowable(producer::initTransactions)))
				.hasAtLeastOneElementOfType(TransactionalIdAuthorizationException.class);
		}
	}

	/**
	 * Only the registry writes nik-changes: partner-sync reads it, and writes and reads
	 * its replay topic, where a record the registry signed for nik-changes is applied.
	 */
	@Test
	void partnerSyncsCertificateReadsButCannotWriteTheTopicAndWritesAndReadsTheReplayTopic() throws Exception {
		awaitRecordsOn(TOPIC);
		Map<String, Object> sync = this.tls.clientProperties(KafkaTls.SYNC);
		assertThat(readFromStart(sync, TOPIC)).as("what partner-sync may do works with this client").isNotEmpty();
		String nik = "3511025705880008";
		NikChanged event = Residents.event(nik, 1);
		ProducerRecord<byte[], byte[]> genuine = new ProducerRecord<>(TOPIC, nik.getBytes(StandardCharsets.UTF_8),
				new NikChangedCodec().encode(event));
		this.stack.signingKey().signer().sign(TOPIC, genuine.key(), genuine.value(), genuine.headers());
		try (KafkaProducer<byte[], byte[]> producer = producer(sync)) {
			assertThat(causes(catchThrowable(() -> producer.send(genuine).get(20, TimeUnit.SECONDS))))
				.as("writing nik-changes as partner-sync")
				.hasAtLeastOneElementOfType(TopicAuthorizationException.class);
		}
		// The same record, the registry's signature for nik-changes with it, on the
		// replay topic: partner-sync may write it there, and ingestion applies it.
		try (KafkaProducer<byte[], byte[]> producer = producer(sync)) {
			producer.send(new ProducerRecord<>(REPLAYS, null, genuine.key(), genuine.value(), genuine.headers()))
				.get(30, TimeUnit.SECONDS);
		}
		assertThat(readFromStart(sync, REPLAYS)).as("partner-sync reads its replay topic").isNotEmpty();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> syncState(nik).path("version").asLong() == 1);
		try (Admin admin = Admin.create(client(sync))) {
			assertThat(causes(catchThrowable(() -> admin
				.createTopics(
						List.of(new org.apache.kafka.clients.admin.NewTopic("nik-changes-elsewhere", 1, (short) 1)))
				.all()
				.get(20, TimeUnit.SECONDS)))).hasAtLeastOneElementOfType(TopicAuthorizationException.class);
		}
	}

	/**
	 * A broker set up by an earlier acls.sh let partner-sync write nik-changes; the
	 * script, which runs at every start, takes that back.
	 */
	@Test
	void theAclScriptTakesBackTheWriteOnTheTopicAnEarlierVersionGrantedPartnerSync() throws Exception {
		AclBinding earlier = new AclBinding(new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL),
				new AccessControlEntry("User:" + KafkaTls.SYNC, "*", AclOperation.WRITE, AclPermissionType.ALLOW));
		try (Admin admin = Admin.create(client(this.tls.clientProperties(KafkaTls.ADMIN)))) {
			admin.createAcls(List.of(earlier)).all().get(20, TimeUnit.SECONDS);
			assertThat(admin.describeAcls(earlier.toFilter()).values().get(20, TimeUnit.SECONDS)).hasSize(1);

			Path kafka = this.stack.settings().dir().resolve("kafka");
			ProcessBuilder script = new ProcessBuilder("bash", this.tls.aclScript().toString())
				.redirectErrorStream(true)
				.redirectOutput(kafka.resolve("acls-again.log").toFile());
			script.environment()
				.putAll(Map.of("KAFKA_BOOTSTRAP", this.stack.broker().bootstrapServers(), "KAFKA_BIN",
						kafka.resolve("bin").toString(), "KAFKA_ADMIN_CONFIG",
						kafka.resolve("admin.properties").toString()));
			Process process = script.start();
			assertThat(process.waitFor(3, TimeUnit.MINUTES) && process.exitValue() == 0)
				.as("acls.sh: %s", Files.readString(kafka.resolve("acls-again.log")))
				.isTrue();

			await().atMost(Duration.ofSeconds(20))
				.until(() -> admin.describeAcls(earlier.toFilter()).values().get(20, TimeUnit.SECONDS).isEmpty());
		}
	}

	/** The services were granted all they use: neither logged a refusal. */
	@Test
	void neitherServiceWasRefusedAnything() throws Exception {
		awaitRecordsOn(TOPIC);
		// The lag sampler (every 5 s) reads the group's offsets and the end offsets; what
		// it cannot read shows as no partitions and an ERROR verdict.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(operator("/ops/sync-status").path("partitions").size()).isEqualTo(12));
		for (String service : List.of("registry-service", "partner-sync-service")) {
			assertThat(Files.readString(this.stack.logFile(service))).as(service)
				.doesNotContainIgnoringCase("AuthorizationException")
				.doesNotContainIgnoringCase("not authorized")
				.doesNotContain("SslAuthenticationException");
		}
	}

	/**
	 * Item 5 of issue 12: PostgreSQL's data, the broker's log directory and the stack's
	 * own directory are readable by their owner only.
	 */
	@Test
	void dataDirectoriesAreReadableByTheirOwnerOnly() throws Exception {
		Path dir = this.stack.settings().dir();
		for (Path path : List.of(dir, dir.resolve("kafka"), dir.resolve("kafka/data"), dir.resolve("postgres-registry"),
				dir.resolve("postgres-sync"))) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(path.toString())
				.isEqualTo("rwx------");
		}
	}

	private boolean readsNothing(Map<String, Object> security, String topic) {
		try {
			return readFromStart(security, topic, Duration.ofSeconds(4)).isEmpty();
		}
		catch (KafkaException ex) {
			return true;
		}
	}

	private void awaitRecordsOn(String topic) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !readFromStart(this.tls.clientProperties(KafkaTls.ADMIN), topic).isEmpty());
	}

	/**
	 * Every partition of {@code topic} from its start, without a group: the records, or
	 * the client's exception.
	 */
	private List<ConsumerRecord<byte[], byte[]>> readFromStart(Map<String, Object> security, String topic) {
		return readFromStart(security, topic, Duration.ofSeconds(8));
	}

	private List<ConsumerRecord<byte[], byte[]>> readFromStart(Map<String, Object> security, String topic,
			Duration patience) {
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = consumer(security, null)) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (int partition = 0; partition < 6; partition++) {
				partitions.add(new TopicPartition(topic, partition));
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			long deadline = System.nanoTime() + patience.toNanos();
			while (records.isEmpty() && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(500)).forEach(records::add);
			}
		}
		return records;
	}

	private void joinGroup(Map<String, Object> security, String group) {
		try (KafkaConsumer<byte[], byte[]> consumer = consumer(security, group)) {
			consumer.subscribe(List.of(TOPIC));
			consumer.poll(Duration.ofSeconds(10));
		}
	}

	private KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> security, String group) {
		Map<String, Object> config = client(security);
		if (group != null) {
			config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		}
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	private KafkaProducer<byte[], byte[]> producer(Map<String, Object> security) {
		Map<String, Object> config = client(security);
		config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
	}

	private Map<String, Object> client(Map<String, Object> security) {
		Map<String, Object> config = new HashMap<>(security);
		config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, this.stack.broker().bootstrapServers());
		config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
		config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
		config.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
		return config;
	}

	private static List<Throwable> causes(Throwable thrown) {
		List<Throwable> chain = new ArrayList<>();
		for (Throwable cause = thrown; cause != null && !chain.contains(cause); cause = cause.getCause()) {
			chain.add(cause);
		}
		return chain;
	}

	private HttpResponse<String> register(String nik) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.stack.registryUrl() + "/api/v1/residents"))
			.header("Content-Type", "application/json")
			.header("Authorization",
					DemoCredentials.authorization(DemoCredentials.REGISTRAR, DemoCredentials.REGISTRAR_PASSWORD))
			.POST(HttpRequest.BodyPublishers.ofString(resident(nik)))
			.build(), BodyHandlers.ofString());
	}

	private JsonNode syncState(String nik) throws Exception {
		return operator("/ops/residents/" + nik + "/sync-state");
	}

	private HttpResponse<String> operatorPost(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.stack.syncUrl() + path))
			.header("Authorization", DemoCredentials.operatorAuthorization())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), BodyHandlers.ofString());
	}

	private JsonNode operator(String path) throws Exception {
		return this.json.readTree(
				this.http
					.send(HttpRequest.newBuilder(URI.create(this.stack.syncUrl() + path))
						.header("Authorization", DemoCredentials.operatorAuthorization())
						.build(), BodyHandlers.ofString())
					.body());
	}

	/**
	 * A woman of district 02 whose birth date agrees with the NIK's DDMMYY (day + 40).
	 */
	private static String resident(String nik) {
		int day = Integer.parseInt(nik.substring(6, 8)) - 40;
		String birthDate = "19" + nik.substring(10, 12) + "-" + nik.substring(8, 10) + "-" + "%02d".formatted(day);
		return """
				{"nik":"%s","kkNumber":"3511020101150002","fullName":"Dewi Lestari","birthPlace":"Bondowoso",
				 "birthDate":"%s","sex":"FEMALE","religion":"ISLAM","maritalStatus":"SINGLE","occupation":"Guru",
				 "nationality":"WNI","address":{"street":"Jl. Mawar 3","rt":"002","rw":"004","village":"Nangkaan",
				 "district":"Bondowoso","regency":"Kabupaten Bondowoso","province":"Jawa Timur","postalCode":"68214"}}"""
			.formatted(nik, birthDate);
	}

}
