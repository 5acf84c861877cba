package id.niksync.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import id.niksync.testsupport.Residents;
import org.apache.kafka.common.TopicPartition;

/**
 * Loads every resident through the registry's write path (batch registration: resident
 * rows and outbox rows in one transaction per batch) and times each stage from the
 * databases' own timestamps: the registry accepting, the relay publishing (its records'
 * send times on {@code nik-changes}, {@link Published}), the consumer applying
 * ({@code replicated_at}), and end to end, from the first request to the last event
 * visible on the replica. A repeated run registers the residents after the last run's
 * ({@code firstIndex}) and counts only its own rows (those the registry accepted since it
 * started).
 */
final class ThroughputPhase {

	private ThroughputPhase() {
	}

	static Map<String, Object> run(Stack stack, Settings settings, int total, int batch, Residents residents, Http http,
			int firstIndex) throws Exception {
		Db replica = new Db(stack.replicaDb());
		long onReplicaBefore = replica.queryLong("SELECT count(*) FROM replica_resident");
		double[] relayBatchesBefore = Batches.relay(stack, http);
		double[] consumerBatchesBefore = Batches.consumer(stack, http);
		Map<TopicPartition, Long> topicBefore = Published.ends(stack);
		CpuMeter cpu = new CpuMeter(stack);
		Map<String, Long> cpuBefore = cpu.snapshot();
		Map<String, Map<String, Long>> threadsBefore = CpuMeter.threads(stack);
		Instant start = Instant.now();
		register(stack, settings, total, batch, residents, http, firstIndex);
		Instant accepted = Instant.now();
		// The CPU figures end where the pipeline was seen idle, before the count
		// that confirms it: the count is the harness's work, not partner-sync's.
		PipelineIdle.Seen idleSeen = PipelineIdle.awaitCount(stack, cpu, "SELECT count(*) FROM replica_resident",
				(n) -> n >= onReplicaBefore + total);
		Map<String, Long> cpuAfter = idleSeen.cpu();
		Map<String, Map<String, Long>> threadsAfter = idleSeen.threads();
		Instant end = idleSeen.at();
		java.sql.Timestamp since = java.sql.Timestamp.from(start);
		// the relay removes what it published: its send times are on the topic
		LongSummaryStatistics sent = Published.sendTimesSince(stack, topicBefore);
		Instant firstPublished = Instant.ofEpochMilli(sent.getMin());
		Instant lastPublished = Instant.ofEpochMilli(sent.getMax());
		Applied applied = Applied.since(replica, since);
		Instant firstApplied = applied.first();
		Instant lastApplied = applied.last();

		Map<String, Object> result = new LinkedHashMap<>();
		result.put("events", total);
		result.put("registryAcceptedPerSecond", Figures.perSecond(total, start, accepted));
		result.put("relayPerSecond", Figures.perSecondOrNull(sent.getCount() - 1, firstPublished, lastPublished));
		result.put("consumerPerSecond", Figures.perSecond(total, firstApplied, lastApplied));
		// What the per-transaction costs are shared by: the relay's Kafka transactions
		// and
		// the listener's batches (one replica transaction each)
		result.put("recordsPerRelayTransaction", Batches.perBatch(relayBatchesBefore, Batches.relay(stack, http)));
		result.put("recordsPerConsumerBatch", Batches.perBatch(consumerBatchesBefore, Batches.consumer(stack, http)));
		result.put("endToEndPerSecond", Figures.perSecond(total, start, lastApplied));
		result.put("endToEndSeconds", Figures.seconds(start, lastApplied));
		result.put("lastAcceptedToLastVisibleSeconds", Figures.seconds(accepted, lastApplied));
		// where the cores went while the residents flowed through
		result.put("cpuSeconds", CpuMeter.since(cpuBefore, cpuAfter, Duration.between(start, end).toMillis() / 1000.0));
		result.put("cpuMsPerOperation", CpuMeter.perOperation(cpuBefore, cpuAfter, total, "event"));
		// and within each JVM: the listener or request threads against GC and the JIT
		result.put("cpuSecondsByThread", CpuMeter.threadsSince(threadsBefore, threadsAfter));
		return result;
	}

	/**
	 * When the replica applied the first and the last of the residents the registry
	 * changed since a moment: one scan of the replica's table (no index on
	 * {@code registry_changed_at}), not one for each.
	 */
	record Applied(Instant first, Instant last) {

		static Applied since(Db replica, java.sql.Timestamp since) throws java.sql.SQLException {
			Instant[] applied = replica.queryInstants(
					"SELECT min(replicated_at), max(replicated_at) FROM replica_resident WHERE registry_changed_at >= ?",
					since);
			return new Applied(applied[0], applied[1]);
		}

	}

	/**
	 * Registers residents {@code [firstIndex, firstIndex + total)} through the registry's
	 * batch registration, {@code batch} per request, from {@code bench.loadClients}
	 * clients; returns when the registry has accepted them all.
	 */
	static void register(Stack stack, Settings settings, int total, int batch, Residents residents, Http http,
			int firstIndex) throws Exception {
		int batches = (total + batch - 1) / batch;
		AtomicInteger nextBatch = new AtomicInteger();
		String url = stack.registryUrl() + "/api/v1/residents/batch";
		ExecutorService clients = Executors.newFixedThreadPool(settings.loadClients());
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < settings.loadClients(); c++) {
				running.add(clients.submit(() -> {
					for (int b = nextBatch.getAndIncrement(); b < batches; b = nextBatch.getAndIncrement()) {
						int from = firstIndex + b * batch;
						int to = Math.min(firstIndex + total, from + batch);
						StringBuilder body = new StringBuilder((to - from) * 520 + 32).append("{\"residents\":[");
						for (int i = from; i < to; i++) {
							body.append((i > from) ? "," : "").append(residents.get(i).toJson());
						}
						http.send("POST", url, body.append("]}").toString(), 201);
					}
					return null;
				}));
			}
			for (Future<?> client : running) {
				client.get();
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

}
