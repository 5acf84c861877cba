package id.niksync.sync.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import id.niksync.sync.lag.Verdict.Status;
import id.niksync.sync.lag.VerdictRules.LagPoint;
import id.niksync.sync.lag.VerdictRules.Observation;
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
		StuckPartition stuck = new StuckPartition(4, 1234, 17, since, 6, "java.lang.IllegalArgumentException",
				now.minusSeconds(2));

		Verdict verdict = VerdictRules.evaluate(new Observation(now, ReplicaDatabase.REACHABLE, true, false, 0, null,
				40, now, List.of(), List.of(stuck)), settings);

		assertThat(verdict.status()).isEqualTo(Status.STALLED);
		assertThat(verdict.reason()).contains("Partition 4", "17 record(s)", "6 failed attempt(s) at offset 1234",
				"java.lang.IllegalArgumentException");
	}

	@Test
	void anUnreadableReplicaDatabaseIsAnErrorWithItsCause() {
		ReplicaDatabase away = ReplicaDatabase.unreachable(now.minusSeconds(12),
				"SQLTransientConnectionException: HikariPool-1 - Connection is not available");

		Verdict verdict = VerdictRules
			.evaluate(new Observation(now, away, true, true, 0, null, 0, now, List.of(), List.of()), settings);

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
				stuck(lag, lastProgress)), settings);
	}

	/** What the sampler reports when every waiting partition has not moved since then. */
	private static List<StuckPartition> stuck(long lag, Instant lastProgress) {
		if (lag == 0 || Duration.between(lastProgress, now).compareTo(settings.stalledAfter()) < 0) {
			return List.of();
		}
		return List.of(new StuckPartition(0, 100, lag, lastProgress, 0, null, null));
	}

	private static LagPoint point(long secondsAgo, long lag) {
		return new LagPoint(now.minusSeconds(secondsAgo), lag);
	}

}
