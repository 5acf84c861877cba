package id.niksync.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import id.niksync.testsupport.Residents;
import org.HdrHistogram.Histogram;

/**
 * Registry commit to replica visible, at a steady change rate ({@link SteadyLoad}):
 * afterwards each changed resident's {@code replicated_at − registry_changed_at} is read
 * from the replica (both stamped on this machine's clock: the registry's when it accepted
 * the change inside its transaction, the replica's by {@code clock_timestamp()} in the
 * upsert) into an HdrHistogram.
 */
final class FreshnessPhase {

	private FreshnessPhase() {
	}

	static Map<String, Object> run(Stack stack, int rate, Duration duration, Residents residents, Http http,
			AtomicInteger nextIndex) throws Exception {
		SteadyLoad load = new SteadyLoad(http, stack.registryUrl(), residents, nextIndex);
		CpuMeter cpu = new CpuMeter(stack);
		Map<String, Long> cpuBefore = cpu.snapshot();
		load.run(rate, duration);
		List<String> changed = load.changedNiks();
		Histogram micros = awaitAndMeasure(stack, changed);
		Map<String, Long> cpuAfter = cpu.snapshot();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("targetPerSecond", rate);
		result.put("achievedPerSecond", load.achievedPerSecond());
		result.put("changes", changed.size());
		result.put("changesPerRequest", Math.round(rate * (SteadyLoad.TICK.toNanos() / 1e9)));
		result.put("failedRequests", load.failed());
		result.putAll(Figures.percentilesMs(micros));
		// where the time goes: registry accepted → the relay read it (the transaction
		// that published it began)
		result.put("untilRelayPickedUp", Figures.percentilesMs(relayDelays(stack, changed)));
		// the relay marks a batch's rows in one statement, so one published_at per batch
		// (one Kafka transaction each)
		long batches = relayBatches(stack, changed);
		result.put("relayTransactions", batches);
		result.put("changesPerRelayTransaction", Math.round(changed.size() * 10.0 / Math.max(1, batches)) / 10.0);
		// from the first change to the last on the replica, idle polling included
		result.put("cpuMsPerOperation", CpuMeter.perOperation(cpuBefore, cpuAfter, changed.size(), "change"));
		return result;
	}

	static Histogram relayDelays(Stack stack, List<String> changed) throws Exception {
		return new Db(stack.registryDb()).microsHistogram(
				"SELECT (extract(epoch FROM published_at - occurred_at) * 1000000)::bigint"
						+ " FROM outbox WHERE nik = ANY(?) AND published_at IS NOT NULL",
				(Object) changed.toArray(String[]::new));
	}

	static long relayBatches(Stack stack, List<String> changed) throws Exception {
		return new Db(stack.registryDb()).queryLong(
				"SELECT count(DISTINCT published_at) FROM outbox WHERE nik = ANY(?) AND published_at IS NOT NULL",
				(Object) changed.toArray(String[]::new));
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
