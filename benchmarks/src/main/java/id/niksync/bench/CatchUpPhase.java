package id.niksync.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import id.niksync.testsupport.Residents;

/**
 * partner-sync catching up on a backlog with nothing else running: the consumer's work
 * under the conditions its ceiling, the bare consumer, is measured in. The replica's
 * database is stopped (its circuit opens and ingestion pauses, G3), new residents are
 * registered and published meanwhile, and once the relay has published them all and the
 * registry is idle (vacuumed and checkpointed) the database is started again. From then
 * until the replica has every one, only partner-sync, its PostgreSQL and the broker
 * serving its fetches work, on full batches ({@code max-poll-records}), as the bare
 * consumer does on the topic the Kafka ceiling filled.
 * <p>
 * The CPU figures run from before the database is started (its processes count from their
 * start: it was down) to where the pipeline was last seen idle. In the load
 * ({@link ThroughputPhase}) the consumer shares the two cores with the registry, the
 * relay, the broker and both databases; the registry's PostgreSQL, which does the same
 * writes there as in its ceiling, took 1.36–1.65 × its ceiling's CPU per event in the
 * load in the full runs of 2026-12-02. So the consumer's CPU per event in the load mixes
 * what the consumer costs with what the crowd costs it; here it is the first alone.
 */
final class CatchUpPhase {

	private static final String OUTBOX_EMPTY = "SELECT count(*) FROM (SELECT 1 FROM outbox LIMIT 1) pending";

	private CatchUpPhase() {
	}

	/**
	 * @param nextIndex the next new resident's index, advanced past the {@code total}
	 * registered here
	 */
	static Map<String, Object> run(Stack stack, Settings settings, int total, Residents residents, Http http,
			AtomicInteger nextIndex) throws Exception {
		Db replica = new Db(stack.replicaDb());
		long onReplicaBefore = replica.queryLong("SELECT count(*) FROM replica_resident");
		int firstIndex = nextIndex.getAndAdd(total);
		// read while the database is up (an operator's sign-in needs it): the listener's
		// attempts at its first batch during the outage count as batches too, a few
		double[] consumerBatchesBefore = Batches.consumer(stack, http);
		Instant start = Instant.now();
		stack.replicaDb().stop();
		Map<String, Long> cpuBefore;
		Map<String, Map<String, Long>> threadsBefore;
		CpuMeter cpu = new CpuMeter(stack);
		Instant back;
		try {
			ThroughputPhase.register(stack, settings, total, settings.loadBatch(), residents, http, firstIndex);
			Db registry = new Db(stack.registryDb());
			registry.awaitLong(OUTBOX_EMPTY, (n) -> n == 0, Duration.ofMinutes(10), stack);
			// the registration's vacuum, analyze and checkpoint done now, not by
			// autovacuum and the checkpointer on the cores the catch-up runs on (a
			// first run had the registry's PostgreSQL take 10.5 CPU s during it)
			registry.update("VACUUM (ANALYZE)");
			registry.update("CHECKPOINT");
			// the registry's and the broker's compilers done with the load, not
			// charged to the catch-up
			CpuMeter.compilersIdle(stack);
			cpuBefore = cpu.snapshot();
			threadsBefore = CpuMeter.threads(stack);
		}
		finally {
			stack.replicaDb().start();
			back = Instant.now();
		}
		PipelineIdle.Seen idle = PipelineIdle.awaitCount(stack, cpu, "SELECT count(*) FROM replica_resident",
				(n) -> n >= onReplicaBefore + total);
		java.sql.Timestamp since = java.sql.Timestamp.from(start);
		Instant firstApplied = replica
			.queryInstant("SELECT min(replicated_at) FROM replica_resident WHERE registry_changed_at >= ?", since);
		Instant lastApplied = replica
			.queryInstant("SELECT max(replicated_at) FROM replica_resident WHERE registry_changed_at >= ?", since);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("events", total);
		result.put("consumerPerSecond", Figures.perSecond(total, firstApplied, lastApplied));
		result.put("secondsFromDatabaseBackToLastApplied", Figures.seconds(back, lastApplied));
		result.put("recordsPerConsumerBatch", Batches.perBatch(consumerBatchesBefore, Batches.consumer(stack, http)));
		result.put("cpuSeconds",
				CpuMeter.since(cpuBefore, idle.cpu(), Duration.between(back, idle.at()).toMillis() / 1000.0));
		result.put("cpuMsPerOperation", CpuMeter.perOperation(cpuBefore, idle.cpu(), total, "event"));
		result.put("cpuSecondsByThread", CpuMeter.threadsSince(threadsBefore, idle.threads()));
		return result;
	}

}
