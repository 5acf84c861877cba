package id.niksync.sync.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import id.niksync.sync.lag.Verdict.Status;
import id.niksync.sync.lag.VerdictRules.LagPoint;
import id.niksync.sync.ingest.Rebuild;
import id.niksync.sync.lag.VerdictRules.Observation;
import id.niksync.sync.reconcile.ReplicaCompleteness.Count;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictRulesTests {

	private static final LagProperties settings = new LagProperties(Duration.ofSeconds(5), Duration.ofMinutes(5),
			Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1),
			Duration.ofSeconds(2));

	private static final Instant now = Instant.parse("2026-11-01T10:00:00Z");

	@Test
	void idleTopicIsOkHoweverOldTheLastCommit() {
		assertThat(verdict(true, false, null, 0, now.minus(Duration.ofDays(3)), List.of()).status())
			.isEqualTo(Status.OK);
	}

	@Test
	void lagThatOnlyBlipsAboveZeroIsNotAWarning() {
		List<LagPoint> history = List.of(point(120, 0), point(60, 0), point(5, 0), point(0, 1));
		assertThat(verdict(true, false, null, 1, now, history).status()).isEqualTo(Status.OK);
	}

	@Test
	void lagGrowingLongerThanWarnAfterWarns() {
		List<LagPoint> history = List.of(point(90, 3), point(70, 0), point(60, 2), point(30, 5), point(0, 9));
		Verdict verdict = verdict(true, false, null, 9, now, history);
		assertThat(verdict.status()).isEqualTo(Status.WARN);
		assertThat(verdict.reason()).contains("from 0 to 9");
	}

	@Test
	void noProgressStallsThenStops() {
		assertThat(verdict(true, false, null, 4, now.minus(Duration.ofMinutes(3)), List.of()).status())
			.isEqualTo(Status.STALLED);
		assertThat(verdict(true, false, null, 4, now.minus(Duration.ofMinutes(11)), List.of()).status())
			.isEqualTo(Status.STOPPED);
		assertThat(verdict(false, false, null, 0, now, List.of()).status()).isEqualTo(Status.STOPPED);
	}

	@Test
	void oneStuckPartitionStallsWithItsCause() {
		Instant since = now.minus(Duration.ofMinutes(3));
		StuckPartition stuck = new StuckPartition("nik-changes-replays", 4, 1234, 17, since, 6,
				"java.lang.IllegalArgumentException", now.minusSeconds(2));

		Verdict verdict = VerdictRules.evaluate(new Observation(now, ReplicaDatabase.REACHABLE, true, false, 0, null,
				40, now, List.of(), List.of(stuck), null, null, 0.99), settings);

		assertThat(verdict.status()).isEqualTo(Status.STALLED);
		assertThat(verdict.reason()).contains("Partition 4 of nik-changes-replays", "17 record(s)",
				"6 failed attempt(s) at offset 1234", "java.lang.IllegalArgumentException");
	}

	@Test
	void anUnreadableReplicaDatabaseIsAnErrorWithItsCause() {
		ReplicaDatabase away = ReplicaDatabase.unreachable(now.minusSeconds(12),
				"SQLTransientConnectionException: HikariPool-1 - Connection is not available");

		Verdict verdict = VerdictRules.evaluate(
				new Observation(now, away, true, true, 0, null, 0, now, List.of(), List.of(), null, null, 0.99),
				settings);

		assertThat(verdict.status()).isEqualTo(Status.ERROR);
		assertThat(verdict.reason()).contains("unreachable for 12s", "Connection is not available",
				"open, ingestion paused");
	}

	@Test
	void openBreakerOrOldDeadLetterIsAnError() {
		assertThat(verdict(true, true, null, 0, now, List.of()).status()).isEqualTo(Status.ERROR);
		assertThat(verdict(true, false, now.minus(Duration.ofHours(2)), 0, now, List.of()).status())
			.isEqualTo(Status.ERROR);
		assertThat(verdict(true, false, now.minus(Duration.ofMinutes(5)), 0, now, List.of()).status())
			.isEqualTo(Status.OK);
	}

	private static Verdict verdict(boolean running, boolean circuitOpen, Instant oldestDeadLetter, long lag,
			Instant lastProgress, List<LagPoint> history) {
		return VerdictRules.evaluate(new Observation(now, ReplicaDatabase.REACHABLE, running, circuitOpen,
				(oldestDeadLetter != null) ? 1 : 0, oldestDeadLetter, lag, lastProgress, history,
				stuck(lag, lastProgress), null, null, 0.99), settings);
	}

	@Test
	void aRunningRebuildSaysRebuildingWithItsProgress() {
		Rebuild rebuild = Rebuild.of(7, "RUNNING", "EMPTY_REPLICA", "system", "empty", now.minusSeconds(30), now, null,
				new long[] { 0, 0 }, new long[] { 100, 300 }, new long[] { 100, 50 }, 150, 140, 2, null);

		Verdict verdict = VerdictRules.evaluate(new Observation(now, ReplicaDatabase.REACHABLE, true, false, 0, null, 0,
				now, List.of(), List.of(), rebuild, new Count(1000, 140, 0, now), 0.99), settings);

		assertThat(verdict.status()).isEqualTo(Status.REBUILDING);
		assertThat(verdict.code()).isEqualTo("REBUILDING");
		assertThat(verdict.reason()).contains("37.5% read", "150 of at most 400", "140 applied", "2 skipped",
				"the replica was empty");
	}

	@Test
	void aReplicaHoldingFarFewerResidentsThanTheRegistryIsIncomplete() {
		Rebuild finished = Rebuild.of(7, "COMPLETED", "OPERATOR", "op", "r", now.minusSeconds(90), now, now,
				new long[] { 0 }, new long[] { 10 }, new long[] { 10 }, 10, 10, 0, null);

		Verdict incomplete = VerdictRules.evaluate(new Observation(now, ReplicaDatabase.REACHABLE, true, false, 0, null,
				0, now, List.of(), List.of(), finished, new Count(50_000, 0, 0, now.minusSeconds(12)), 0.99), settings);
		Verdict waiting = VerdictRules.evaluate(new Observation(now, ReplicaDatabase.REACHABLE, true, false, 0, null,
				1000, now, List.of(), List.of(), null, new Count(50_000, 49_000, 1000, now), 0.99), settings);
		Verdict almost = VerdictRules.evaluate(new Observation(now, ReplicaDatabase.REACHABLE, true, false, 0, null, 0,
				now, List.of(), List.of(), null, new Count(50_000, 49_600, 0, now), 0.99), settings);

		assertThat(incomplete.status()).isEqualTo(Status.ERROR);
		assertThat(incomplete.code()).isEqualTo("REPLICA_INCOMPLETE");
		assertThat(incomplete.reason()).contains("holds 0 of the registry's 50000 residents", "counted 12s ago");
		assertThat(waiting.code()).as("records still on the topic count as held").isEqualTo("KEEPING_UP");
		assertThat(almost.code()).isEqualTo("CAUGHT_UP");
	}

	@Test
	void aReplicaCatchingUpOnABacklogIsSetAgainstTheRecordsWaitingWhenItWasCounted() {
		// counted as the replica's database came back, 284,000 records waiting; since
		// then the consumer applied most of them: 60,000 wait now
		Verdict catchingUp = VerdictRules
			.evaluate(
					new Observation(now, ReplicaDatabase.REACHABLE, true, false, 0, null, 60_000, now, List.of(),
							List.of(), null, new Count(900_000, 616_000, 284_000, now.minusSeconds(20)), 0.99),
					settings);
		// the same residents with only 60,000 waiting then: they are missing
		Verdict missing = VerdictRules
			.evaluate(
					new Observation(now, ReplicaDatabase.REACHABLE, true, false, 0, null, 60_000, now, List.of(),
							List.of(), null, new Count(900_000, 616_000, 60_000, now.minusSeconds(20)), 0.99),
					settings);

		assertThat(catchingUp.code()).isNotEqualTo("REPLICA_INCOMPLETE");
		assertThat(missing.code()).isEqualTo("REPLICA_INCOMPLETE");
		assertThat(missing.reason()).contains("holds 616000 of the registry's 900000 residents", "counted 20s ago",
				"60000 record(s) waiting on the topics then");
	}

	/** What the sampler reports when every waiting partition has not moved since then. */
	private static List<StuckPartition> stuck(long lag, Instant lastProgress) {
		if (lag == 0 || Duration.between(lastProgress, now).compareTo(settings.stalledAfter()) < 0) {
			return List.of();
		}
		return List.of(new StuckPartition("nik-changes", 0, 100, lag, lastProgress, 0, null, null));
	}

	private static LagPoint point(long secondsAgo, long lag) {
		return new LagPoint(now.minusSeconds(secondsAgo), lag);
	}

}
