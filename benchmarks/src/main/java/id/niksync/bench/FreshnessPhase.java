package id.niksync.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import id.niksync.testsupport.Residents;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.TopicPartition;

/**
 * Registry commit to replica visible, at a steady change rate ({@link SteadyLoad}):
 * afterwards each changed resident's {@code replicated_at − registry_changed_at} is read
 * from the replica (both stamped on this machine's clock: the registry's when it accepted
 * the change inside its transaction, the replica's by {@code clock_timestamp()} in the
 * upsert) into an HdrHistogram. Each rate is held for a warm-up first, not measured.
 */
final class FreshnessPhase {

	private FreshnessPhase() {
	}

	static Map<String, Object> run(Stack stack, int rate, Duration duration, Duration warmup, Residents residents,
			Http http, AtomicInteger nextIndex) throws Exception {
		Map<String, Object> warmedUp = warmUp(stack, rate, warmup, residents, http, nextIndex);
		SteadyLoad load = new SteadyLoad(http, stack.registryUrl(), residents, nextIndex);
		Map<TopicPartition, Long> topicBefore = Published.ends(stack);
		double[] relayBatchesBefore = Batches.relay(stack, http);
		CpuMeter cpu = new CpuMeter(stack);
		Map<String, Long> cpuBefore = cpu.snapshot();
		Map<String, Map<String, Long>> threadsBefore = CpuMeter.threads(stack);
		load.run(rate, duration);
		List<String> changed = load.changedNiks();
		Histogram micros = awaitAndMeasure(stack, changed);
		Map<String, Long> cpuAfter = cpu.snapshot();
		Map<String, Map<String, Long>> threadsAfter = CpuMeter.threads(stack);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("targetPerSecond", rate);
		result.put("achievedPerSecond", load.achievedPerSecond());
		result.put("changes", changed.size());
		result.put("changesPerRequest", Math.round(rate * (SteadyLoad.TICK.toNanos() / 1e9)));
		result.put("failedRequests", load.failed());
		result.putAll(Figures.percentilesMs(micros));
		// where the time goes: registry accepted → the relay sent it (its record's
		// timestamp on the topic: the relay removes the rows it published)
		result.put("untilRelayPickedUp", Figures.percentilesMs(relayDelays(stack, changed, topicBefore)));
		// one Kafka transaction per relay batch
		result.put("changesPerRelayTransaction", Batches.perBatch(relayBatchesBefore, Batches.relay(stack, http)));
		// from the first change to the last on the replica, idle polling included
		result.put("cpuMsPerOperation", CpuMeter.perOperation(cpuBefore, cpuAfter, changed.size(), "change"));
		// which threads: request handling, the relay, the producer, the listener, the JIT
		result.put("cpuSecondsByThread", CpuMeter.threadsSince(threadsBefore, threadsAfter));
		result.put("warmUp", warmedUp);
		return result;
	}

	/**
	 * The same load for {@code warmup}, not measured, until the replica has it all: per
	 * request code the load's large batches ran rarely (benchmarks/README.md, "Warm
	 * JVMs"). Its own figures are kept, to show what it leaves out.
	 */
	private static Map<String, Object> warmUp(Stack stack, int rate, Duration warmup, Residents residents, Http http,
			AtomicInteger nextIndex) throws Exception {
		Map<String, Object> warmedUp = new LinkedHashMap<>();
		warmedUp.put("seconds", warmup.toSeconds());
		if (warmup.isZero()) {
			return warmedUp;
		}
		SteadyLoad load = new SteadyLoad(http, stack.registryUrl(), residents, nextIndex);
		load.run(rate, warmup);
		Histogram micros = awaitAndMeasure(stack, load.changedNiks());
		warmedUp.put("failedRequests", load.failed());
		warmedUp.putAll(Figures.percentilesMs(micros));
		return warmedUp;
	}

	/**
	 * For each change, from the registry accepting it ({@code registry_changed_at} on the
	 * replica, the event's {@code occurredAt}) to the relay sending its record.
	 */
	static Histogram relayDelays(Stack stack, List<String> changed, Map<TopicPartition, Long> topicBefore)
			throws Exception {
		Set<String> wanted = Set.copyOf(changed);
		Map<String, Long> sent = Published.sentSince(stack, topicBefore, wanted::contains);
		Histogram micros = Figures.microsHistogram();
		for (String row : new Db(stack.replicaDb())
			.rows("SELECT nik, (extract(epoch FROM registry_changed_at) * 1000000)::bigint FROM replica_resident"
					+ " WHERE nik = ANY(?)", (Object) changed.toArray(String[]::new))) {
			String[] columns = row.split("\t");
			Long sentMillis = sent.get(columns[0]);
			if (sentMillis != null) {
				micros.recordValue(Math.max(1, sentMillis * 1000 - Long.parseLong(columns[1])));
			}
		}
		return micros;
	}

	/**
	 * Waits until the replica holds every change (every resident registered), then reads
	 * the delay of each.
	 */
	static Histogram awaitAndMeasure(Stack stack, List<String> changed) throws Exception {
		String[] niks = changed.toArray(String[]::new);
		Db replica = new Db(stack.replicaDb());
		replica.awaitLong("SELECT count(*) FROM replica_resident WHERE nik = ANY(?)", (n) -> n >= niks.length,
				Duration.ofMinutes(10), stack, (Object) niks);
		return replica
			.microsHistogram("SELECT (extract(epoch FROM replicated_at - registry_changed_at) * 1000000)::bigint"
					+ " FROM replica_resident WHERE nik = ANY(?)", (Object) niks);
	}

}
