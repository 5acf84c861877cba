package id.niksync.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import id.niksync.testsupport.Residents;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The replica database goes away for a while under a steady change rate and comes back.
 * Measured: seconds from its return until the ingest consumer group has applied the
 * backlog (its committed offsets reach every partition's end offset as it was at the
 * return, sampled every 100 ms), and the dead letters created meanwhile (records on the
 * dead-letter topic), which must be none: an outage is not a bad record (G3).
 */
final class RecoveryPhase {

	private static final String DEAD_LETTER_TOPIC = "nik-changes-dlt";

	/**
	 * How long the load runs before the outage, and after the catch-up: as long as the
	 * outage, at most this.
	 */
	private static final Duration BEFORE = Duration.ofSeconds(10);

	private static final Duration GIVE_UP = Duration.ofMinutes(10);

	private RecoveryPhase() {
	}

	static Map<String, Object> run(Stack stack, Settings settings, Residents residents, Http http,
			AtomicInteger nextIndex) throws Exception {
		try (Admin admin = stack.broker().admin()) {
			long deadLettersBefore = Offsets.endOffsets(admin, DEAD_LETTER_TOPIC);
			SteadyLoad load = new SteadyLoad(http, stack.registryUrl(), residents, nextIndex);
			CpuMeter cpu = new CpuMeter(stack);
			Map<String, Long> cpuBefore = cpu.snapshot();
			AtomicReference<Exception> loadFailure = new AtomicReference<>();
			Thread loader = new Thread(() -> {
				try {
					load.run(settings.recoveryRate(), GIVE_UP.multipliedBy(2));
				}
				catch (Exception ex) {
					loadFailure.set(ex);
				}
			}, "recovery-load");
			loader.setDaemon(true);
			loader.start();
			Duration before = (settings.outage().compareTo(BEFORE) < 0) ? settings.outage() : BEFORE;
			Thread.sleep(before.toMillis());
			stack.replicaDb().stop();
			Instant down = Instant.now();
			long maxLag = 0;
			while (Duration.between(down, Instant.now()).compareTo(settings.outage()) < 0) {
				maxLag = Math.max(maxLag, Offsets.lag(admin, Offsets.committed(admin)));
				Thread.sleep(500);
			}
			stack.replicaDb().start();
			Instant back = Instant.now();
			// caught up: everything on the topic when the database came back is applied
			// (new
			// changes keep arriving, so "no lag at all" would only be a lucky sample)
			Map<TopicPartition, Long> backlogEnd = Offsets.endOffsetsByPartition(admin, Offsets.TOPIC);
			Instant caughtUp = null;
			while (caughtUp == null && Duration.between(back, Instant.now()).compareTo(GIVE_UP) < 0) {
				Map<TopicPartition, OffsetAndMetadata> committed = Offsets.committed(admin);
				maxLag = Math.max(maxLag, Offsets.lag(admin, committed));
				if (Offsets.reached(committed, backlogEnd)) {
					caughtUp = Instant.now();
				}
				else {
					stack.checkAlive();
					Thread.sleep(100);
				}
			}
			Thread.sleep(before.toMillis());
			load.stop();
			loader.join();
			if (loadFailure.get() != null) {
				throw loadFailure.get();
			}
			// Everything changed during the phase must be on the replica, none of it
			// lost.
			FreshnessPhase.awaitAndMeasure(stack, load.changedNiks());
			Map<String, Long> cpuAfter = cpu.snapshot();
			long deadLetters = Offsets.endOffsets(admin, DEAD_LETTER_TOPIC) - deadLettersBefore;
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("ratePerSecond", settings.recoveryRate());
			result.put("achievedPerSecond", load.achievedPerSecond());
			result.put("outageSeconds", settings.outage().toSeconds());
			result.put("changes", load.changedNiks().size());
			result.put("failedRequests", load.failed());
			result.put("maxLagRecords", maxLag);
			result.put("secondsToZeroLag", (caughtUp != null) ? Figures.seconds(back, caughtUp) : null);
			result.put("allChangesOnReplica", true);
			result.put("deadLetters", deadLetters);
			result.put("cpuMsPerOperation",
					CpuMeter.perOperation(cpuBefore, cpuAfter, load.changedNiks().size(), "change"));
			return result;
		}
	}

}
