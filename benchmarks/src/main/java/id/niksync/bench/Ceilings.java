package id.niksync.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import id.niksync.identity.KkNumber;
import id.niksync.identity.Nik;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.Address;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.signing.EventSignatures;
import id.niksync.schemas.signing.EventSigner;
import id.niksync.schemas.signing.EventVerifier;
import id.niksync.schemas.signing.SigningKeys;
import id.niksync.testsupport.GeneratedResident;
import id.niksync.testsupport.Residents;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What this machine can do without the services, measured in the same run on the same
 * servers, each part alone, with the CPU each costs per operation:
 * <ul>
 * <li>{@code registryWrite}: the registry's own write of the residents (resident rows,
 * outbox rows with the registry's encoded events, audit rows, one statement each and one
 * transaction per batch, as the batch registration writes them) into copies of its
 * tables;</li>
 * <li>{@code kafka}: the same records (the registry's encoded events, keyed by NIK,
 * signed beforehand with a benchmark key as the registry signs them) produced as the
 * relay produces them, one Kafka transaction per {@link #RELAY_BATCH}, and consumed
 * {@code read_committed} with the replica's consumer settings;</li>
 * <li>{@code postgres}: the same rows through the replica's own upsert into a copy of the
 * replica table;</li>
 * <li>{@code bareConsumer}: a plain KafkaConsumer per listener thread reading those
 * records, checking each one's signature, decoding them with the codec, upserting each
 * poll with the replica's statement and committing;</li>
 * <li>{@code rawLookup}: JDBC clients running the replica's lookup query and one partner
 * audit insert per lookup, one transaction each;</li>
 * <li>{@code pipeline}: registry write, Kafka and upsert combined as the rate the machine
 * sustains doing all three.</li>
 * </ul>
 */
final class Ceilings {

	/** As the replica's listener: {@code max.poll.records} and concurrency. */
	private static final int UPSERT_BATCH = 1_000;

	private static final int UPSERT_THREADS = 3;

	/**
	 * registry-service's {@code niksync.outbox.batch-size}: one Kafka transaction each.
	 */
	static final int RELAY_BATCH = 2_000;

	/** {@code nik-changes}' partitions. */
	private static final int PARTITIONS = 6;

	private static final String HARNESS = CpuMeter.HARNESS;

	/** The key id of the benchmark's signing key ({@link #signingKey}). */
	private static final String SIGNING_KEY_ID = "bench-ceiling-key";

	private final Stack stack;

	private final Settings settings;

	private final Residents residents;

	private final String[] niks;

	private final byte[][] payloads;

	/**
	 * The benchmark's own Ed25519 key: the Kafka ceiling's records are signed with it as
	 * the registry signs its records, and the bare consumer checks them as partner-sync
	 * does (a consumer that does not is not allowed to exist).
	 */
	private final java.security.KeyPair signingKey = SigningKeys.generate();

	private Ceilings(Stack stack, Settings settings, Residents residents, String[] niks, byte[][] payloads) {
		this.stack = stack;
		this.settings = settings;
		this.residents = residents;
		this.niks = niks;
		this.payloads = payloads;
	}

	/**
	 * Reads the registry's first {@code bench.residents} events from {@code nik-changes}
	 * (the exact bytes it published), before anything is measured.
	 */
	static Ceilings prepare(Stack stack, Settings settings, Residents residents) {
		Map.Entry<String[], byte[][]> published = Published.first(stack, settings.residents());
		String[] niks = published.getKey();
		byte[][] payloads = published.getValue();
		return new Ceilings(stack, settings, residents, niks, payloads);
	}

	/**
	 * Runs the registry write, Kafka, upsert and bare consumer once, unmeasured, on
	 * {@code bench.warmupResidents} records (at most the N read), as the services were
	 * warmed up before the load: the harness's and the broker's JIT compile their code
	 * then, not while it is measured. The raw lookup has its own warm-up. Before the
	 * measured runs, which settle the databases after it.
	 */
	void warmUp(long started) throws Exception {
		int warmup = Math.min(this.settings.warmupResidents(), this.niks.length);
		if (warmup == 0) {
			return;
		}
		String topic = "bench-ceiling-warmup-" + System.nanoTime();
		registryWrite(warmup);
		kafka(topic, warmup);
		postgres(warmup);
		bareConsumer(topic, warmup);
		Harness.log(started, "ceilings warmed up on " + warmup + " records; "
				+ CpuMeter.describe(CpuMeter.compilersIdle(this.stack)));
	}

	/** Every ceiling, one after another, and the pipeline's from three of them. */
	Map<String, Object> measureAll(long started) throws Exception {
		int total = this.settings.residents();
		Map<String, Object> ceilings = new LinkedHashMap<>();
		String topic = "bench-ceiling-" + System.nanoTime();
		ceilings.put("registryWrite", step(started, "registry write", () -> registryWrite(total)));
		ceilings.put("kafka", step(started, "Kafka, transactional", () -> kafka(topic, total)));
		ceilings.put("postgres", step(started, "replica upsert", () -> postgres(total)));
		ceilings.put("bareConsumer", step(started, "bare consumer", () -> bareConsumer(topic, total)));
		ceilings.put("rawLookup", step(started, "raw lookup", this::rawLookup));
		ceilings.put("pipeline", pipeline(ceilings));
		return ceilings;
	}

	private static Map<String, Object> step(long started, String name,
			java.util.concurrent.Callable<Map<String, Object>> step) throws Exception {
		Map<String, Object> result = step.call();
		Harness.log(started, "  ceiling: " + name + ": " + result);
		return result;
	}

	/**
	 * The rate the machine sustains doing the registry's write, Kafka and the upsert
	 * together: at most what all the cores give at their summed CPU per event, and at
	 * most the slowest of them alone.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> pipeline(Map<String, Object> ceilings) {
		String[][] parts = { { "registryWrite", "writePerSecond" }, { "kafka", "produceAndConsumePerSecond" },
				{ "postgres", "upsertPerSecond" } };
		double cpuMs = 0;
		double slowest = Double.MAX_VALUE;
		double oneAfterAnother = 0;
		Map<String, Object> perPart = new LinkedHashMap<>();
		for (String[] part : parts) {
			Map<String, Object> figures = (Map<String, Object>) ceilings.get(part[0]);
			double rate = ((Number) figures.get(part[1])).doubleValue();
			double ms = ((Number) ((Map<String, Object>) figures.get("cpuMsPerOperation")).get("total")).doubleValue();
			cpuMs += ms;
			slowest = Math.min(slowest, rate);
			oneAfterAnother += 1 / Math.max(1, rate);
			perPart.put(part[0], Map.of("perSecond", rate, "cpuMsPerEvent", ms));
		}
		int cores = Runtime.getRuntime().availableProcessors();
		double fromCpu = (cpuMs > 0) ? Math.round(cores * 1000 / cpuMs) : Double.MAX_VALUE;
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("perSecond", Math.min(fromCpu, slowest));
		result.put("fromCpuPerSecond", (fromCpu == Double.MAX_VALUE) ? null : fromCpu);
		result.put("slowestAlonePerSecond", slowest);
		result.put("oneAfterAnotherPerSecond", Math.round(1 / oneAfterAnother));
		result.put("cpuMsPerEvent", Math.round(cpuMs * 10_000) / 10_000.0);
		result.put("cores", cores);
		result.put("parts", perPart);
		return result;
	}

	Map<String, Object> registryWrite(int total) throws Exception {
		int batch = this.settings.loadBatch();
		int clients = this.settings.loadClients();
		try (Connection connection = this.stack.registryDb().connect();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS bench_resident, bench_outbox, bench_registry_audit");
			statement.execute("DROP SEQUENCE IF EXISTS bench_outbox_id_seq");
			statement.execute("CREATE TABLE bench_resident (LIKE resident INCLUDING ALL)");
			statement.execute("CREATE TABLE bench_outbox (LIKE outbox INCLUDING ALL)");
			statement.execute("CREATE SEQUENCE bench_outbox_id_seq AS BIGINT START WITH 1 CACHE 1");
			statement.execute("CREATE TABLE bench_registry_audit (LIKE registry_audit INCLUDING ALL)");
		}
		long rowsBefore;
		try (Connection connection = this.stack.registryDb().connect()) {
			rowsBefore = fillExcept(connection, residentNiks(total),
					new Fill("bench_resident", "resident", "nik", false),
					new Fill("bench_registry_audit", "registry_audit", "target", true));
		}
		String residentsSql = registryStatement("resident-insert-all.sql");
		String idsSql = registryStatement("outbox-next-ids.sql");
		String outboxSql = registryStatement("outbox-insert-all.sql");
		String auditSql = registryStatement("audit-record-all.sql");
		AtomicInteger nextBatch = new AtomicInteger();
		int batches = (total + batch - 1) / batch;
		CpuMeter cpu = new CpuMeter(this.stack);
		Map<String, Long> before = cpu.snapshot();
		long start = System.nanoTime();
		run(clients, () -> {
			try (Connection connection = this.stack.registryDb().connect()) {
				connection.setAutoCommit(false);
				try (PreparedStatement residentRows = connection.prepareStatement(residentsSql);
						PreparedStatement ids = connection.prepareStatement(idsSql);
						PreparedStatement outboxRows = connection.prepareStatement(outboxSql);
						PreparedStatement auditRows = connection.prepareStatement(auditSql)) {
					for (int b = nextBatch.getAndIncrement(); b < batches; b = nextBatch.getAndIncrement()) {
						writeBatch(connection, residentRows, ids, outboxRows, auditRows, b * batch,
								Math.min(total, (b + 1) * batch));
						connection.commit();
					}
				}
			}
		});
		long elapsed = System.nanoTime() - start;
		Map<String, Long> after = cpu.snapshot();
		Db registryDb = new Db(this.stack.registryDb());
		long rows = registryDb.queryLong("SELECT count(*) FROM bench_outbox");
		// a NIK the fill did not leave out would be a conflict, skipped: not the write
		long residentRows = registryDb.queryLong("SELECT count(*) FROM bench_resident");
		try (Connection connection = this.stack.registryDb().connect();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE bench_resident, bench_outbox, bench_registry_audit");
			statement.execute("DROP SEQUENCE bench_outbox_id_seq");
		}
		if (rows != total || residentRows != rowsBefore + total) {
			throw new IllegalStateException("Ceiling registry write wrote " + rows + " outbox rows and has "
					+ residentRows + " residents, expected " + total + " and " + (rowsBefore + total));
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("residents", total);
		result.put("residentsBefore", rowsBefore);
		result.put("batch", batch);
		result.put("connections", clients);
		result.put("writePerSecond", Figures.perSecond(total, Duration.ofNanos(elapsed)));
		result.put("cpuMsPerOperation",
				CpuMeter.perOperation(before, after, total, "resident", List.of("postgres-registry", HARNESS)));
		return result;
	}

	/**
	 * One of the registry's write statements, read from registry-service's executable jar
	 * ({@code registry-write/}, the files its {@code ResidentRepository}, {@code Outbox}
	 * and {@code RegistryAudit} run), pointed at the copies of its tables.
	 */
	private static String registryStatement(String name) throws java.io.IOException {
		try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(
				id.niksync.localstack.Stack.executableJar("registry-service").toFile())) {
			java.util.zip.ZipEntry entry = jar.getEntry("BOOT-INF/classes/registry-write/" + name);
			if (entry == null) {
				throw new IllegalStateException("registry-write/" + name + " is missing from registry-service's jar");
			}
			try (var in = jar.getInputStream(entry)) {
				return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip()
					.replaceAll("\\b(resident|outbox|outbox_id_seq|registry_audit)\\b", "bench_$1");
			}
		}
	}

	private void writeBatch(Connection connection, PreparedStatement residentRows, PreparedStatement ids,
			PreparedStatement outboxRows, PreparedStatement auditRows, int from, int to) throws SQLException {
		int n = to - from;
		String now = Instant.now().toString();
		String[][] columns = new String[23][n];
		String[] niks = new String[n];
		for (int k = 0; k < n; k++) {
			GeneratedResident r = this.residents.get(from + k);
			GeneratedResident.Address a = r.address();
			String[] row = { r.nik(), r.kkNumber(), r.fullName(), r.birthPlace(), r.birthDate().toString(), r.sex(),
					r.religion(), r.maritalStatus(), r.occupation(), r.nationality(), a.street(), a.rt(), a.rw(),
					a.village(), a.district(), a.regency(), a.province(), a.postalCode(), "ACTIVE", "", "1", now, now };
			for (int c = 0; c < row.length; c++) {
				columns[c][k] = row[c];
			}
			niks[k] = r.nik();
		}
		for (int c = 0; c < columns.length; c++) {
			residentRows.setArray(c + 1, connection.createArrayOf("text", columns[c]));
		}
		try (ResultSet rs = residentRows.executeQuery()) {
			while (rs.next()) {
				// the registry reads the NIKs inserted
			}
		}
		ids.setInt(1, n);
		Long[] changeSeqs = new Long[n];
		try (ResultSet rs = ids.executeQuery()) {
			for (int k = 0; rs.next(); k++) {
				changeSeqs[k] = rs.getLong(1);
			}
		}
		String[] eventIds = new String[n];
		Long[] versions = new Long[n];
		byte[][] payloads = new byte[n][];
		for (int k = 0; k < n; k++) {
			eventIds[k] = UUID.randomUUID().toString();
			versions[k] = 1L;
			payloads[k] = this.payloads[from + k];
		}
		outboxRows.setString(1, "ISSUED");
		outboxRows.setTimestamp(2, Timestamp.from(Instant.now()));
		outboxRows.setArray(3, connection.createArrayOf("bigint", changeSeqs));
		outboxRows.setArray(4, connection.createArrayOf("text", eventIds));
		outboxRows.setArray(5, connection.createArrayOf("text", niks));
		outboxRows.setArray(6, connection.createArrayOf("bigint", versions));
		outboxRows.setArray(7, connection.createArrayOf("bytea", payloads));
		outboxRows.executeUpdate();
		auditRows.setTimestamp(1, Timestamp.from(Instant.now()));
		auditRows.setString(2, Stack.REGISTRY_USER);
		auditRows.setString(3, "127.0.0.1");
		auditRows.setString(4, "RESIDENT_REGISTERED");
		auditRows.setString(5, null);
		auditRows.setString(6, "{\"batch\":" + n + ",\"version\":1}");
		auditRows.setArray(7, connection.createArrayOf("varchar", niks));
		auditRows.executeUpdate();
	}

	Map<String, Object> kafka(String topic, int total) throws Exception {
		try (Admin admin = this.stack.broker().admin()) {
			admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		AtomicReference<Long> consumedAt = new AtomicReference<>();
		AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
		Thread consumer = new Thread(() -> {
			try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(
					consumerProperties(this.stack, topic + "-consumer"))) {
				kafka.subscribe(List.of(topic));
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
		// Signed before the clock starts, as the registry signs before the relay sends
		// (together, 64 per signature, each record with its tree path): the ceiling is
		// the produce and consume, the signing is not timed.
		EventSigner signer = new EventSigner(SIGNING_KEY_ID, this.signingKey.getPrivate());
		RecordHeaders[] headers = new RecordHeaders[total];
		java.util.stream.IntStream.range(0, (total + EventSignatures.TREE_LEAVES - 1) / EventSignatures.TREE_LEAVES)
			.parallel()
			.forEach((tree) -> {
				List<EventSigner.Unsigned> records = new ArrayList<>();
				for (int i = tree * EventSignatures.TREE_LEAVES; i < Math.min(total,
						(tree + 1) * EventSignatures.TREE_LEAVES); i++) {
					headers[i] = new RecordHeaders();
					headers[i].add("niksync-outbox-id", new byte[8]);
					records.add(new EventSigner.Unsigned(topic, this.niks[i].getBytes(StandardCharsets.ISO_8859_1),
							this.payloads[i], headers[i]));
				}
				signer.signTogether(records);
			});
		consumer.setDaemon(true);
		consumer.start();
		CpuMeter cpu = new CpuMeter(this.stack);
		Map<String, Long> before = cpu.snapshot();
		long start = System.nanoTime();
		long produced;
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(this.stack, topic))) {
			producer.initTransactions();
			for (int from = 0; from < total; from += RELAY_BATCH) {
				producer.beginTransaction();
				for (int i = from; i < Math.min(total, from + RELAY_BATCH); i++) {
					// the relay's headers: outbox id, key id, signature, tree path
					producer.send(new ProducerRecord<>(topic, null, this.niks[i], this.payloads[i], headers[i]));
				}
				producer.commitTransaction();
			}
			produced = System.nanoTime();
		}
		consumer.join();
		Map<String, Long> after = cpu.snapshot();
		if (consumerFailure.get() != null || consumedAt.get() == null) {
			throw new IllegalStateException("Ceiling consumer did not read every record", consumerFailure.get());
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("records", total);
		result.put("averageRecordBytes",
				Math.round(java.util.Arrays.stream(this.payloads).mapToInt((p) -> p.length).average().orElse(0)));
		result.put("transactionRecords", RELAY_BATCH);
		result.put("producePerSecond", Figures.perSecond(total, Duration.ofNanos(produced - start)));
		result.put("produceAndConsumePerSecond", Figures.perSecond(total, Duration.ofNanos(consumedAt.get() - start)));
		result.put("cpuMsPerOperation",
				CpuMeter.perOperation(before, after, total, "record", List.of("kafka", HARNESS)));
		return result;
	}

	Map<String, Object> postgres(int total) throws Exception {
		String table = "bench_ceiling";
		long rowsBefore = createReplicaCopy(table, residentNiks(total));
		String upsert = replicaUpsert().replace("replica_resident", table);
		AtomicInteger nextBatch = new AtomicInteger();
		int batches = (total + UPSERT_BATCH - 1) / UPSERT_BATCH;
		CpuMeter cpu = new CpuMeter(this.stack);
		Map<String, Long> before = cpu.snapshot();
		long start = System.nanoTime();
		run(UPSERT_THREADS, () -> {
			try (Connection connection = this.stack.replicaDb().connect()) {
				connection.setAutoCommit(false);
				try (PreparedStatement statement = connection.prepareStatement(upsert)) {
					for (int b = nextBatch.getAndIncrement(); b < batches; b = nextBatch.getAndIncrement()) {
						bind(statement, connection, this.residents, b * UPSERT_BATCH,
								Math.min(total, (b + 1) * UPSERT_BATCH));
						readAll(statement);
						connection.commit();
					}
				}
			}
		});
		long elapsed = System.nanoTime() - start;
		Map<String, Long> after = cpu.snapshot();
		dropCheckingRows(table, rowsBefore + total);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("rows", total);
		result.put("rowsBefore", rowsBefore);
		result.put("batch", UPSERT_BATCH);
		result.put("connections", UPSERT_THREADS);
		result.put("upsertPerSecond", Figures.perSecond(total, Duration.ofNanos(elapsed)));
		result.put("cpuMsPerOperation",
				CpuMeter.perOperation(before, after, total, "row", List.of("postgres-replica", HARNESS)));
		return result;
	}

	/**
	 * The records the Kafka ceiling left on {@code topic}, read by one plain consumer per
	 * listener thread ({@code read_committed}, the replica's consumer settings), each
	 * one's signature checked as partner-sync checks it ({@link EventVerifier}, the same
	 * library and bytes), decoded ({@link NikChangedCodec}) and checked as the listener
	 * maps it, each poll upserted with the replica's statement in one transaction, then
	 * the offsets committed. Timed from the first record read to the last commit (the
	 * group's join is not the consumer's work). The consumers' CPU spent on the signature
	 * checks is measured too (thread CPU time around them), so the figure without them is
	 * in the results as well.
	 */
	Map<String, Object> bareConsumer(String topic, int total) throws Exception {
		String table = "bench_bare_consumer";
		long rowsBefore = createReplicaCopy(table, java.util.Arrays.copyOf(this.niks, total));
		String upsert = replicaUpsert().replace("replica_resident", table);
		AtomicLong applied = new AtomicLong();
		AtomicLong firstRead = new AtomicLong(Long.MAX_VALUE);
		AtomicLong lastCommit = new AtomicLong(Long.MIN_VALUE);
		String group = topic + "-bare";
		EventVerifier verifier = new EventVerifier(Map.of(SIGNING_KEY_ID, this.signingKey.getPublic()));
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		AtomicLong verifyCpuNanos = new AtomicLong();
		CpuMeter cpu = new CpuMeter(this.stack);
		Map<String, Long> before = cpu.snapshot();
		Map<String, Map<String, Long>> threadsBefore = Map.of(HARNESS, CpuMeter.threads(ProcessHandle.current().pid()));
		run(UPSERT_THREADS, () -> {
			NikChangedCodec codec = new NikChangedCodec();
			long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
			try (Connection connection = this.stack.replicaDb().connect();
					PreparedStatement statement = connection.prepareStatement(upsert);
					KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties(this.stack, group))) {
				connection.setAutoCommit(false);
				kafka.subscribe(List.of(topic));
				while (applied.get() < total) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("The bare consumer applied " + applied.get() + " of " + total);
					}
					ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(200));
					if (records.isEmpty()) {
						continue;
					}
					firstRead.accumulateAndGet(System.nanoTime(), Math::min);
					long verifyStart = threads.getCurrentThreadCpuTime();
					for (ConsumerRecord<String, byte[]> record : records) {
						byte[] key = (record.key() != null) ? record.key().getBytes(StandardCharsets.ISO_8859_1) : null;
						if (verifier.verify(record.topic(), key, record.value(),
								record.headers()) != EventVerifier.Outcome.VALID) {
							throw new IllegalStateException("A ceiling record is not signed by the benchmark key");
						}
					}
					verifyCpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - verifyStart);
					List<NikChanged> events = new ArrayList<>(records.count());
					for (ConsumerRecord<String, byte[]> record : records) {
						events.add(checked(record.key(), codec.decode(record.value())));
					}
					bindEvents(statement, connection, events);
					int upserted = readAll(statement);
					connection.commit();
					// records read again after a rebalance pass the version guard as
					// no-ops:
					// only rows upserted count
					applied.addAndGet(upserted);
					try {
						kafka.commitSync();
					}
					catch (RebalanceInProgressException ex) {
						// as the listener: the next poll completes the rebalance, whoever
						// gets the partition reads the uncommitted records again
					}
					lastCommit.accumulateAndGet(System.nanoTime(), Math::max);
				}
			}
		});
		Map<String, Long> after = cpu.snapshot();
		Map<String, Map<String, Long>> threadsAfter = Map.of(HARNESS, CpuMeter.threads(ProcessHandle.current().pid()));
		dropCheckingRows(table, rowsBefore + total);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("records", total);
		result.put("rowsBefore", rowsBefore);
		result.put("consumers", UPSERT_THREADS);
		result.put("appliedPerSecond", Figures.perSecond(total, Duration.ofNanos(lastCommit.get() - firstRead.get())));
		Map<String, Object> cpuMs = CpuMeter.perOperation(before, after, total, "event",
				List.of("kafka", "postgres-replica", HARNESS));
		result.put("cpuMsPerOperation", cpuMs);
		// the harness's consumers against its JIT compilers, as partner-sync's in the
		// load
		result.put("cpuSecondsByThread", CpuMeter.threadsSince(threadsBefore, threadsAfter));
		// What the checks cost, and the consumer side (harness and replica PostgreSQL, as
		// the consumer ratio counts it) without them: the unsigned bare consumer.
		double verifyMs = verifyCpuNanos.get() / 1e6 / total;
		result.put("signatureCheckCpuMsPerEvent", Math.round(verifyMs * 10_000) / 10_000.0);
		if (cpuMs.get(HARNESS) instanceof Number harness && cpuMs.get("postgres-replica") instanceof Number db) {
			result.put("consumerSideCpuMsPerEventWithoutSignatureChecks",
					Math.round((harness.doubleValue() + db.doubleValue() - verifyMs) * 10_000) / 10_000.0);
		}
		try (Admin admin = this.stack.broker().admin()) {
			admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
		}
		return result;
	}

	/** The checks partner-sync's {@code EventMapper} makes before the upsert. */
	private static NikChanged checked(String key, NikChanged event) {
		if (!Nik.parse(event.getNik()).isValid() || !event.getNik().equals(key)
				|| !event.getNik().equals(event.getResident().getNik())
				|| !KkNumber.parse(event.getResident().getKkNumber()).isValid() || event.getVersion() < 1) {
			throw new IllegalStateException("A ceiling record breaks the contract");
		}
		return event;
	}

	private static final String LOOKUP = """
			SELECT nik, kk_number, full_name, birth_place, birth_date, sex, religion, marital_status, occupation,
			       nationality, street, rt, rw, village, district, regency, province, postal_code, status, version,
			       registry_changed_at, replicated_at
			FROM replica_resident WHERE nik = ?""";

	private static final String LOOKUP_AUDIT = """
			INSERT INTO bench_partner_audit (institution_id, key_id, operation, purpose, nik, fields, outcome, http_status,
			    client_address)
			SELECT *, CAST(? AS VARCHAR) FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
			    ?::int[])""";

	private static final String LOOKUP_FIELDS = "address,birthDate,birthPlace,fullName,kkNumber,maritalStatus,"
			+ "nationality,occupation,religion,sex";

	/**
	 * {@code bench.readConcurrency} JDBC clients, closed loop, each lookup one
	 * transaction on the replica's database: partner-sync's lookup query
	 * ({@code ReplicaResidents}) for a random loaded resident, every column read, and
	 * partner-sync's audit insert ({@code PartnerAudit}) of one row into a copy of
	 * {@code partner_audit}. The same warm-up and duration as the partner reads; then, as
	 * they do, as many clients offering {@code bench.readRate} lookups/s open loop
	 * ({@link Pace}, pooled), in {@code atOfferedRate}, set beside the partner lookups'
	 * open loop: one commit per lookup where partner-sync shares commits, so a comparison
	 * at the same schedule, not a floor under the service's latency.
	 */
	Map<String, Object> rawLookup() throws Exception {
		try (Connection connection = this.stack.replicaDb().connect();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS bench_partner_audit");
			statement.execute("CREATE TABLE bench_partner_audit (LIKE partner_audit INCLUDING ALL)");
			statement.execute("CREATE SEQUENCE IF NOT EXISTS bench_partner_audit_id_seq");
			statement.execute("ALTER TABLE bench_partner_audit ALTER COLUMN id"
					+ " SET DEFAULT nextval('bench_partner_audit_id_seq')");
		}
		lookups(PartnerReadsPhase.warmUp(this.settings), 0);
		try (Connection connection = this.stack.replicaDb().connect();
				Statement statement = connection.createStatement()) {
			// the warm-up's rows: only the measured lookups' are counted
			statement.execute("TRUNCATE bench_partner_audit");
		}
		CpuMeter cpu = new CpuMeter(this.stack);
		Map<String, Long> before = cpu.snapshot();
		Lookups measured = lookups(this.settings.readDuration(), 0);
		Map<String, Long> after = cpu.snapshot();
		long audited = new Db(this.stack.replicaDb()).queryLong("SELECT count(*) FROM bench_partner_audit");
		Map<String, Object> atOfferedRate = null;
		if (this.settings.readRate() > 0) {
			Lookups paced = lookups(this.settings.readDuration(), this.settings.readRate());
			atOfferedRate = Figures.openLoop(this.settings.readRate(), paced.count(), paced.elapsed(), paced.micros());
			atOfferedRate.put("dispatch", Pace.Dispatch.POOL.name());
		}
		try (Connection connection = this.stack.replicaDb().connect();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE bench_partner_audit");
			statement.execute("DROP SEQUENCE bench_partner_audit_id_seq");
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("clients", this.settings.readConcurrency());
		result.put("seconds", this.settings.readDuration().toSeconds());
		result.put("lookups", measured.count());
		result.put("auditRows", audited);
		result.put("lookupsPerSecond", Figures.perSecond(measured.count(), this.settings.readDuration()));
		result.putAll(Figures.percentilesMs(measured.micros()));
		result.put("cpuMsPerOperation",
				CpuMeter.perOperation(before, after, measured.count(), "lookup", List.of("postgres-replica", HARNESS)));
		if (atOfferedRate != null) {
			result.put("atOfferedRate", atOfferedRate);
		}
		return result;
	}

	/**
	 * Closed loop when {@code perSecond} is 0, else open loop ({@link Pace}). The clock
	 * starts once every client has connected and prepared its statements: the partner
	 * reads' clients start on kept-alive connections, and an open loop's first requests
	 * are due within milliseconds.
	 */
	private Lookups lookups(Duration duration, int perSecond) throws Exception {
		int clients = this.settings.readConcurrency();
		AtomicReference<Pace> started = new AtomicReference<>();
		CyclicBarrier connected = new CyclicBarrier(clients, () -> started.set(Pace.of(duration, perSecond)));
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		List<Future<Histogram>> running = new ArrayList<>();
		try {
			for (int c = 0; c < clients; c++) {
				int client = c;
				running.add(pool.submit(() -> {
					Histogram micros = Figures.microsHistogram();
					try (Connection connection = this.stack.replicaDb().connect()) {
						connection.setAutoCommit(false);
						try (PreparedStatement lookup = connection.prepareStatement(LOOKUP);
								PreparedStatement audit = connection.prepareStatement(LOOKUP_AUDIT)) {
							audit.setString(1, "127.0.0.1");
							audit.setArray(2, connection.createArrayOf("bigint", new Long[] { 1L }));
							audit.setArray(3, connection.createArrayOf("text", new String[] { "benchkey0000" }));
							audit.setArray(4, connection.createArrayOf("text", new String[] { "LOOKUP" }));
							audit.setArray(5,
									connection.createArrayOf("text", new String[] { "benchmark: account opening" }));
							audit.setArray(7, connection.createArrayOf("text", new String[] { LOOKUP_FIELDS }));
							audit.setArray(8, connection.createArrayOf("text", new String[] { "OK" }));
							audit.setArray(9, connection.createArrayOf("integer", new Integer[] { 200 }));
							connected.await(1, TimeUnit.MINUTES);
							Pace pace = started.get();
							LongSupplier turns = pace.turnsOf(client, clients);
							for (;;) {
								long sent = pace.awaitTurn(turns.getAsLong());
								if (pace.isOver(sent)) {
									break;
								}
								String nik = this.residents
									.get(ThreadLocalRandom.current().nextInt(this.settings.residents()))
									.nik();
								lookup.setString(1, nik);
								try (ResultSet rs = lookup.executeQuery()) {
									if (!rs.next()) {
										throw new IllegalStateException("A loaded resident is not on the replica");
									}
									for (int column = 1; column <= 22; column++) {
										rs.getObject(column);
									}
								}
								audit.setArray(6, connection.createArrayOf("text", new String[] { nik }));
								audit.executeUpdate();
								connection.commit();
								micros.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
							}
						}
					}
					return micros;
				}));
			}
			Histogram all = Figures.microsHistogram();
			for (Future<Histogram> client : running) {
				all.add(client.get());
			}
			return new Lookups(all.getTotalCount(), all, started.get().elapsed());
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * @param elapsed from the start until the last client's last answer
	 */
	private record Lookups(long count, Histogram micros, Duration elapsed) {
	}

	private interface Work {

		void run() throws Exception;

	}

	/** Runs {@code work} on {@code threads} threads and waits for all of them. */
	private static void run(int threads, Work work) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				running.add(pool.submit(() -> {
					work.run();
					return null;
				}));
			}
			for (Future<?> thread : running) {
				thread.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * A copy of {@code replica_resident} holding its rows but those the ceiling writes.
	 * @return the rows it holds
	 */
	private long createReplicaCopy(String table, String[] written) throws SQLException {
		try (Connection connection = this.stack.replicaDb().connect()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("DROP TABLE IF EXISTS " + table);
				statement.execute("CREATE TABLE " + table + " (LIKE replica_resident INCLUDING ALL)");
			}
			return fillExcept(connection, written, new Fill(table, "replica_resident", "nik", false));
		}
	}

	/** The NIKs of the residents the registry write and upsert ceilings write. */
	private String[] residentNiks(int total) {
		String[] niks = new String[total];
		for (int i = 0; i < total; i++) {
			niks[i] = this.residents.get(i).nik();
		}
		return niks;
	}

	/**
	 * Fills each copy with its source's rows but those whose {@code key} is among
	 * {@code written}, then vacuums them and writes the database out. A ceiling writes
	 * into tables holding what the load's tables held when it started (the warm-up's
	 * residents and the rows of phases before), not into empty ones: the load's inserts
	 * go into indexes of that size. The written rows are left out so that each of the
	 * ceiling's inserts is one, as in the load, not a conflict.
	 * @return the rows the first copy holds
	 */
	private static long fillExcept(Connection connection, String[] written, Fill... fills) throws SQLException {
		long first = -1;
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE TEMP TABLE bench_written (nik VARCHAR(64) PRIMARY KEY)");
			try (PreparedStatement insert = connection
				.prepareStatement("INSERT INTO bench_written SELECT DISTINCT unnest(?::text[])")) {
				insert.setArray(1, connection.createArrayOf("text", written));
				insert.executeUpdate();
			}
			for (Fill fill : fills) {
				boolean identity = fill.identity();
				long rows = statement.executeUpdate("INSERT INTO " + fill.copy()
						+ (identity ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT s.* FROM " + fill.source()
						+ " s WHERE NOT EXISTS (SELECT 1 FROM bench_written w WHERE w.nik = s." + fill.key() + ")");
				if (identity) {
					// the copy's own identity sequence starts at 1: past the copied ids
					statement.execute("SELECT setval(pg_get_serial_sequence('" + fill.copy() + "', 'id'),"
							+ " (SELECT coalesce(max(id), 0) + 1 FROM " + fill.copy() + "), false)");
				}
				statement.execute("VACUUM ANALYZE " + fill.copy());
				first = (first < 0) ? rows : first;
			}
			statement.execute("DROP TABLE bench_written");
			statement.execute("CHECKPOINT");
		}
		return first;
	}

	/**
	 * A copy a ceiling writes into, filled from {@code source}; {@code identity}: its
	 * {@code id} is an identity column.
	 */
	private record Fill(String copy, String source, String key, boolean identity) {

	}

	private void dropCheckingRows(String table, long expected) throws SQLException {
		long rows = new Db(this.stack.replicaDb()).queryLong("SELECT count(*) FROM " + table);
		try (Connection connection = this.stack.replicaDb().connect();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE " + table);
		}
		if (rows != expected) {
			throw new IllegalStateException("Ceiling " + table + " wrote " + rows + " rows, expected " + expected);
		}
	}

	/**
	 * @return the rows the statement returned
	 */
	private static int readAll(PreparedStatement statement) throws SQLException {
		int rows = 0;
		try (ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				// RETURNING, read as the replica does
				rows++;
			}
		}
		return rows;
	}

	/** The 25 columns of the replica's upsert, as arrays, for residents [from, to). */
	private static void bind(PreparedStatement statement, Connection connection, Residents residents, int from, int to)
			throws SQLException {
		int n = to - from;
		String[][] text = new String[23][n];
		Long[] versions = new Long[n];
		Long[] changeSeqs = new Long[n];
		String now = Instant.now().toString();
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
		bindColumns(statement, connection, text, versions, changeSeqs);
	}

	/** As partner-sync's {@code ReplicaWriter} binds decoded events. */
	private static void bindEvents(PreparedStatement statement, Connection connection, List<NikChanged> events)
			throws SQLException {
		int n = events.size();
		String[][] text = new String[23][n];
		Long[] versions = new Long[n];
		Long[] changeSeqs = new Long[n];
		for (int k = 0; k < n; k++) {
			NikChanged e = events.get(k);
			id.niksync.schemas.avro.Resident r = e.getResident();
			Address a = r.getAddress();
			String[] row = { e.getNik(), r.getKkNumber(), r.getFullName(), r.getBirthPlace(),
					r.getBirthDate().toString(), r.getSex().name(), r.getReligion().name(), r.getMaritalStatus().name(),
					r.getOccupation(), r.getNationality(), a.getStreet(), a.getRt(), a.getRw(), a.getVillage(),
					a.getDistrict(), a.getRegency(), a.getProvince(), a.getPostalCode(), r.getStatus().name(),
					String.join(",", r.getDataQualityFlags()), UUID.fromString(e.getEventId()).toString(),
					e.getChangeType().name(), e.getOccurredAt().toString() };
			for (int c = 0; c < row.length; c++) {
				text[c][k] = row[c];
			}
			versions[k] = e.getVersion();
			changeSeqs[k] = e.getChangeSeq();
		}
		bindColumns(statement, connection, text, versions, changeSeqs);
	}

	/** Columns 1-20 and 23-25 are text (cast in the statement), 21-22 bigint. */
	private static void bindColumns(PreparedStatement statement, Connection connection, String[][] text,
			Long[] versions, Long[] changeSeqs) throws SQLException {
		for (int c = 0; c < 20; c++) {
			statement.setArray(c + 1, connection.createArrayOf("text", text[c]));
		}
		statement.setArray(21, connection.createArrayOf("bigint", versions));
		statement.setArray(22, connection.createArrayOf("bigint", changeSeqs));
		for (int c = 20; c < 23; c++) {
			statement.setArray(c + 3, connection.createArrayOf("text", text[c]));
		}
	}

	/**
	 * The relay's producer: registry-service's {@code spring.kafka.producer} settings and
	 * a transactional id of its own ({@code RelayClients}).
	 */
	private static Properties producerProperties(Stack stack, String topic) {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker().bootstrapServers());
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
		properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
		properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		properties.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
		properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-relay");
		return properties;
	}

	/** partner-sync-service's {@code spring.kafka.consumer} settings. */
	private static Properties consumerProperties(Stack stack, String group) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker().bootstrapServers());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		// keys as partner-sync reads them, one character per byte: the signed bytes
		properties.put("key.deserializer.encoding", "ISO-8859-1");
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
		properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
				"org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
		properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
		properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2000);
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
