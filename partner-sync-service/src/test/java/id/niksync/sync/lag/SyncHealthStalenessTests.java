package id.niksync.sync.lag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import id.niksync.sync.deadletter.DeadLetters;
import id.niksync.sync.ingest.ReplicaFreshness;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The verdict when sampling stops working: the last sample's word holds for six sample
 * intervals (at least a minute), then the verdict says so instead of repeating it.
 */
class SyncHealthStalenessTests {

	private static final Instant SAMPLED = Instant.parse("2026-12-05T10:00:00Z");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final Clock clock = mock(Clock.class);

	private final SyncHealth health = new SyncHealth(
			new LagProperties(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(1),
					Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofSeconds(2)),
			freshness(), this.meters, this.clock);

	@Test
	void aSampleOlderThanSixIntervalsAndAMinuteIsNotTheVerdictAnyMore() {
		this.health.add(new LagSample(SAMPLED, List.of(), 0, 0, 0, 0, null, new DeadLetters.Pending(0, Map.of(), null),
				null, new Verdict(Verdict.Status.OK, "CAUGHT_UP", "nothing is behind"), List.of(), null, null, null));

		when(this.clock.instant()).thenReturn(SAMPLED.plusSeconds(60));
		assertThat(this.health.report().verdict().code()).isEqualTo("CAUGHT_UP");
		assertThat(this.meters.get("niksync.sync.verdict").gauge().value()).isZero();

		// before: OK CAUGHT_UP for as long as sampling kept failing
		when(this.clock.instant()).thenReturn(SAMPLED.plusSeconds(61));
		Verdict verdict = this.health.report().verdict();
		assertThat(verdict.status()).isEqualTo(Verdict.Status.ERROR);
		assertThat(verdict.code()).isEqualTo("SAMPLES_STOPPED");
		assertThat(verdict.reason()).contains("No sample for 61 s", "OK CAUGHT_UP");
		assertThat(this.meters.get("niksync.sync.verdict").gauge().value()).isEqualTo(4);
	}

	@Test
	void aLongSampleIntervalWaitsSixOfThem() {
		assertThat(SyncHealth
			.staleAfter(new LagProperties(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(1),
					Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofSeconds(2))))
			.isEqualTo(Duration.ofMinutes(3));
	}

	private static ReplicaFreshness freshness() {
		ReplicaFreshness freshness = mock(ReplicaFreshness.class);
		when(freshness.snapshot()).thenReturn(HistogramSnapshot.empty(0, 0, 0));
		return freshness;
	}

}
