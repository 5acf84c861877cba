package id.niksync.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import id.niksync.testsupport.Residents;

/**
 * partner-sync catching up on a backlog with nothing else running: the consumer's work
 * under the conditions its ceiling, the bare consumer, is measured in. partner-sync's
 * process is stopped (SIGSTOP), new residents are registered and published meanwhile, and
 * once the relay has published them all and the registry is idle (vacuumed and
 * checkpointed) it is continued (SIGCONT). From then until the replica has every one,
 * only partner-sync, its PostgreSQL and the broker serving its fetches work, on full
 * batches ({@code max-poll-records}), as the bare consumer does on the topic the Kafka
 * ceiling filled. Its group session has expired meanwhile, so it joins again first.
 * <p>
 * Not a database outage: the first version stopped the replica's database instead, and
 * its figures held what partner-sync does when its database returns besides consuming, a
 * count of the residents (a whole-country aggregate on both databases: 7.4 CPU s of the
 * registry's PostgreSQL at about 1.9 million residents) and a restarted PostgreSQL's cold
 * caches. The periodic count ({@code niksync.completeness.interval}, 10 min) can still
 * fall into the window, if it came due while the process was stopped; the registry's
 * PostgreSQL's CPU in the window shows it (seconds instead of next to none).
 * <p>
 * The CPU figures run from just before the process is continued to where the pipeline was
 * last seen idle. In the load ({@link ThroughputPhase}) the consumer shares the two cores
 * with the registry, the relay, the broker and both databases; here it does not.
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
		// read while partner-sync answers
		double[] consumerBatchesBefore = Batches.consumer(stack, http);
		// partner-sync's compilers done with what came before, not charged to the
		// catch-up (stopped, they would only look idle)
		CpuMeter.compilersIdle(stack);
		Instant start = Instant.now();
		long pid = stack.sync().pid();
		signal("STOP", pid);
		CpuMeter cpu = new CpuMeter(stack);
		Map<String, Long> cpuBefore;
		Map<String, Map<String, Long>> threadsBefore;
		Instant measuredFrom;
		Optional<Duration> compilersIdle;
		boolean measured = false;
		try {
			ThroughputPhase.register(stack, settings, total, settings.loadBatch(), residents, http, firstIndex);
			Db registry = new Db(stack.registryDb());
			registry.awaitLong(OUTBOX_EMPTY, (n) -> n == 0, Duration.ofMinutes(10), stack);
			// the registration's vacuum, analyze and checkpoint done now, not by
			// autovacuum and the checkpointer on the cores the catch-up runs on
			registry.update("VACUUM (ANALYZE)");
			registry.update("CHECKPOINT");
			// the registry's and the broker's compilers done with the registration
			compilersIdle = CpuMeter.compilersIdle(stack);
			measuredFrom = Instant.now();
			cpuBefore = cpu.snapshot();
			threadsBefore = CpuMeter.threads(stack);
			measured = true;
		}
		finally {
			if (!measured) {
				// whatever went wrong, partner-sync is not left stopped
				signal("CONT", pid);
			}
		}
		signal("CONT", pid);
		Instant continued = Instant.now();
		PipelineIdle.Seen idle = PipelineIdle.awaitCount(stack, cpu, "SELECT count(*) FROM replica_resident",
				(n) -> n >= onReplicaBefore + total);
		java.sql.Timestamp since = java.sql.Timestamp.from(start);
		ThroughputPhase.Applied applied = ThroughputPhase.Applied.since(replica, since);
		Instant firstApplied = applied.first();
		Instant lastApplied = applied.last();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("events", total);
		result.put("stoppedSeconds", Figures.seconds(start, continued));
		result.put("consumerPerSecond", Figures.perSecond(total, firstApplied, lastApplied));
		result.put("secondsFromContinuedToLastApplied", Figures.seconds(continued, lastApplied));
		result.put("recordsPerConsumerBatch", Batches.perBatch(consumerBatchesBefore, Batches.consumer(stack, http)));
		// a rebuild of the replica beside the catch-up would be in every figure (an
		// automatic one, REPLICA_INCOMPLETE, started beside the first catch-ups, before
		// 04e8f13)
		result.put("rebuildsStarted",
				replica.queryLong("SELECT count(*) FROM replica_rebuild WHERE started_at >= ?", since));
		result.put("compilersIdleAfterSeconds", compilersIdle.map(Figures::seconds).orElse(null));
		result.put("cpuSeconds",
				CpuMeter.since(cpuBefore, idle.cpu(), Duration.between(measuredFrom, idle.at()).toMillis() / 1000.0));
		result.put("cpuMsPerOperation", CpuMeter.perOperation(cpuBefore, idle.cpu(), total, "event"));
		result.put("cpuSecondsByThread", CpuMeter.threadsSince(threadsBefore, idle.threads()));
		return result;
	}

	/** {@code kill -<signal> <pid>}. */
	private static void signal(String signal, long pid) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
		if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
			throw new IllegalStateException("kill -" + signal + " " + pid + " failed: "
					+ new String(kill.getInputStream().readAllBytes()).trim());
		}
	}

}
