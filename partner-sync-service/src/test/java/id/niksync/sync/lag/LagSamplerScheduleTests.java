package id.niksync.sync.lag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import id.niksync.sync.deadletter.DeadLetters;
import id.niksync.sync.ingest.IngestMetrics;
import id.niksync.sync.ingest.IngestStatus;
import id.niksync.sync.ingest.Rebuilds;
import id.niksync.sync.ingest.RecordFailures;
import id.niksync.sync.ingest.ReplicaFreshness;
import id.niksync.sync.registry.RegistryClient;
import id.niksync.sync.reconcile.ReplicaCompleteness;
import id.niksync.sync.replica.ReplicaLockWaits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The sampler's schedule against what it does not expect. Its collaborators are mocks (so
 * every sample after the first fails on their empty answers, as a sample may); the
 * schedule is real.
 */
class LagSamplerScheduleTests {

	private final Clock clock = mock(Clock.class);

	private final LagSampler sampler = new LagSampler(mock(PartitionLagReader.class), mock(RegistryClient.class),
			mock(IngestStatus.class), mock(DeadLetters.class), mock(ReplicaFreshness.class), mock(SyncHealth.class),
			mock(IngestMetrics.class), mock(RecordFailures.class), mock(Rebuilds.class),
			mock(ReplicaCompleteness.class), mock(ReplicaLockWaits.class),
			new LagProperties(Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ofMinutes(1),
					Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofSeconds(2)),
			this.clock);

	@AfterEach
	void stop() {
		this.sampler.stop();
	}

	@Test
	void anErrorInOneSampleDoesNotEndTheSampling() {
		when(this.clock.instant()).thenThrow(new StackOverflowError()).thenReturn(Instant.now());
		this.sampler.start();
		// before: the first sample's Error cancelled the schedule and the verdict stayed
		// what it was
		verify(this.clock, timeout(5_000).atLeast(3)).instant();
	}

}
