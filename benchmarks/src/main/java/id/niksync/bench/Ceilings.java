package id.niksync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import id.niksync.testsupport.GeneratedResident;
import id.niksync.testsupport.Residents;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What this machine can do without the services, measured in the same run on the same
 * servers: raw Kafka produce and consume of as many records of the same size (the
 * registry's own encoded events, keyed by NIK, the producer and consumer settings of the
 * services), and the raw batched upsert of the same rows into a copy of the replica table
 * with the replica's own statement.
 */
final class Ceilings {

	private static final String TOPIC = "bench-ceiling";

	private static final int PAYLOAD_SAMPLE = 10_000;

	/** As the replica's listener: {@code max.poll.records} and concurrency. */
	private static final int UPSERT_BATCH = 1_000;

	private static final int UPSERT_THREADS = 3;

	private Ceilings() {
	}

	static Map<String, Object> kafka(Stack stack, Settings settings, Residents residents) throws Exception {
		int total = settings.residents();
		List<byte[]> payloads = new ArrayList<>();
		try (Connection connection = stack.registryDb().connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT payload FROM outbox ORDER BY id LIMIT " + PAYLOAD_SAMPLE);
				ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				payloads.add(rs.getBytes(1));
			}
		}
		String[] keys = new String[total];
		for (int i = 0; i < total; i++) {
			keys[i] = residents.get(i).nik();
		}
		try (Admin admin = stack.broker().admin()) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		AtomicReference<Long> consumedAt = new AtomicReference<>();
		AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
		Thread consumer = new Thread(() -> {
			try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties(stack))) {
				kafka.subscribe(List.of(TOPIC));
				long seen = 0;
				long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
				while (seen < total && System.nanoTime() < deadline) {
					ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(200));
					seen += records.count();
					if (!records.isEmpty()) {
						kafka.commitSync();
					}
				}
				if (seen >= total) {
					consumedAt.set(System.nanoTime());
				}
			}
			catch (Throwable ex) {
				consumerFailure.set(ex);
			}
		}, "ceiling-consumer");
		consumer.setDaemon(true);
		consumer.start();
		long start = System.nanoTime();
		long produced;
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(stack))) {
			for (int i = 0; i < total; i++) {
				producer.send(new ProducerRecord<>(TOPIC, keys[i], payloads.get(i % payloads.size())));
			}
			producer.flush();
			produced = System.nanoTime();
		}
		consumer.join();
		if (consumerFailure.get() != null || consumedAt.get() == null) {
			throw new IllegalStateException("Ceiling consumer did not read every record", consumerFailure.get());
		}
		try (Admin admin = stack.broker().admin()) {
			admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("records", total);
		result.put("averageRecordBytes", payloads.stream().mapToInt((p) -> p.length).average().orElse(0));
		result.put("producePerSecond", Figures.perSecond(total, Duration.ofNanos(produced - start)));
		result.put("produceAndConsumePerSecond", Figures.perSecond(total, Duration.ofNanos(consumedAt.get() - start)));
		return result;
	}

	static Map<String, Object> postgres(Stack stack, Settings settings, Residents residents) throws Exception {
		int total = settings.residents();
		String table = "bench_ceiling";
		try (Connection connection = stack.replicaDb().connect(); Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS " + table);
			statement.execute("CREATE TABLE " + table + " (LIKE replica_resident INCLUDING ALL)");
		}
		String upsert = replicaUpsert().replace("replica_resident", table);
		AtomicInteger nextBatch = new AtomicInteger();
		int batches = (total + UPSERT_BATCH - 1) / UPSERT_BATCH;
		ExecutorService writers = Executors.newFixedThreadPool(UPSERT_THREADS);
		long start = System.nanoTime();
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int t = 0; t < UPSERT_THREADS; t++) {
				running.add(writers.submit(() -> {
					try (Connection connection = stack.replicaDb().connect()) {
						connection.setAutoCommit(false);
						try (PreparedStatement statement = connection.prepareStatement(upsert)) {
							for (int b = nextBatch.getAndIncrement(); b < batches; b = nextBatch.getAndIncrement()) {
								bind(statement, connection, residents, b * UPSERT_BATCH,
										Math.min(total, (b + 1) * UPSERT_BATCH));
								try (ResultSet rs = statement.executeQuery()) {
									while (rs.next()) {
										// RETURNING, read as the replica does
									}
								}
								connection.commit();
							}
						}
					}
					return null;
				}));
			}
			for (Future<?> writer : running) {
				writer.get();
			}
		}
		finally {
			writers.shutdownNow();
		}
		long elapsed = System.nanoTime() - start;
		long rows = new Db(stack.replicaDb()).queryLong("SELECT count(*) FROM " + table);
		try (Connection connection = stack.replicaDb().connect(); Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE " + table);
		}
		if (rows != total) {
			throw new IllegalStateException("Ceiling upsert wrote " + rows + " rows, expected " + total);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("rows", total);
		result.put("batch", UPSERT_BATCH);
		result.put("connections", UPSERT_THREADS);
		result.put("upsertPerSecond", Figures.perSecond(total, Duration.ofNanos(elapsed)));
		return result;
	}

	/** The 25 columns of the replica's upsert, as arrays, for residents [from, to). */
	private static void bind(PreparedStatement statement, Connection connection, Residents residents, int from, int to)
			throws java.sql.SQLException {
		int n = to - from;
		// columns 1-20 and 23-25 are text (cast in the statement), 21-22 bigint
		String[][] text = new String[23][n];
		Long[] versions = new Long[n];
		Long[] changeSeqs = new Long[n];
		String now = java.time.Instant.now().toString();
		for (int k = 0; k < n; k++) {
			GeneratedResident r = residents.get(from + k);
			GeneratedResident.Address a = r.address();
			String[] row = { r.nik(), r.kkNumber(), r.fullName(), r.birthPlace(), r.birthDate().toString(), r.sex(),
					r.religion(), r.maritalStatus(), r.occupation(), r.nationality(), a.street(), a.rt(), a.rw(),
					a.village(), a.district(), a.regency(), a.province(), a.postalCode(), "ACTIVE", "",
					UUID.randomUUID().toString(), "ISSUED", now };
			for (int c = 0; c < row.length; c++) {
				text[c][k] = row[c];
			}
			versions[k] = 1L;
			changeSeqs[k] = (long) from + k + 1;
		}
		for (int c = 0; c < 20; c++) {
			statement.setArray(c + 1, connection.createArrayOf("text", text[c]));
		}
		statement.setArray(21, connection.createArrayOf("bigint", versions));
		statement.setArray(22, connection.createArrayOf("bigint", changeSeqs));
		for (int c = 20; c < 23; c++) {
			statement.setArray(c + 3, connection.createArrayOf("text", text[c]));
		}
	}

	private static Properties producerProperties(Stack stack) {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker().bootstrapServers());
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		// registry-service application.yml
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
		properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
		properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		return properties;
	}

	private static Properties consumerProperties(Stack stack) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker().bootstrapServers());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-ceiling");
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		// partner-sync-service application.yml
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
		return properties;
	}

	/** The replica's own statement, read from partner-sync-service's executable jar. */
	private static String replicaUpsert() throws java.io.IOException {
		try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(
				id.niksync.localstack.Stack.executableJar("partner-sync-service").toFile())) {
			java.util.zip.ZipEntry entry = jar.getEntry("BOOT-INF/classes/replica/upsert.sql");
			try (var in = jar.getInputStream(entry)) {
				return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			}
		}
	}

}
