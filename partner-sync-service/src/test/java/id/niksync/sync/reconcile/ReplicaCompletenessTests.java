package id.niksync.sync.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import id.niksync.schemas.registry.OutboxStatus;
import id.niksync.schemas.registry.RegionDigest;
import id.niksync.schemas.registry.RegionDigest.Bucket;
import id.niksync.sync.registry.RegistryClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A count of the residents and the records waiting for the ingest group, taken so that a
 * replica catching up on a backlog is not mistaken for an incomplete one.
 */
class ReplicaCompletenessTests {

	private static final Instant now = Instant.parse("2026-12-02T12:18:24Z");

	private final List<String> calls = new ArrayList<>();

	private final RegistryClient registry = mock(RegistryClient.class);

	private final ReplicaDigests replica = mock(ReplicaDigests.class);

	@Test
	void theBacklogIsReadAfterTheRegistryIsCountedAndBeforeTheReplicaIs() {
		// as the benchmark's catch-up had it: 900,000 in the registry, 284,000 records
		// waiting after an outage, 616,000 on the replica
		ReplicaCompleteness completeness = completeness(900_000, 616_000, () -> {
			this.calls.add("backlog");
			return 284_000;
		});

		completeness.count();

		// the replica counted last: a record applied meanwhile is in the backlog, on the
		// replica, or in both
		assertThat(this.calls).containsExactly("registry", "backlog", "replica");
		ReplicaCompleteness.Count count = completeness.latest().orElseThrow();
		assertThat(count).isEqualTo(new ReplicaCompleteness.Count(900_000, 616_000, 284_000, now));
		assertThat(count.incomplete(0.99)).isFalse();
	}

	@Test
	void aReplicaShortOfWhatWaitsIsIncomplete() {
		// restored from an old backup: nothing waits, 400,000 are missing
		ReplicaCompleteness completeness = completeness(900_000, 500_000, () -> 0);

		completeness.count();

		assertThat(completeness.latest().orElseThrow().incomplete(0.99)).isTrue();
	}

	/**
	 * A count taken during a burst of registrations: what the relay has not published yet
	 * is neither on the replica nor waiting on the topic, and ten such changes on 1,000
	 * residents started a rebuild of the whole topic (a CI run, 2026-12-06).
	 */
	@Test
	void whatTheRelayHasNotPublishedYetCountsAsWaiting() {
		ReplicaCompleteness completeness = completeness(1_000, 985, () -> 0);
		when(this.registry.outbox()).thenReturn(new OutboxStatus(20, false, now, 0.5, 4_000L, 4_000));

		completeness.count();

		assertThat(completeness.latest().orElseThrow()).isEqualTo(new ReplicaCompleteness.Count(1_000, 985, 20, now));
		assertThat(completeness.latest().orElseThrow().incomplete(0.99)).isFalse();

		when(this.registry.outbox()).thenThrow(new IllegalStateException("registry away"));
		completeness.count();
		assertThat(completeness.latest().orElseThrow().incomplete(0.99)).as("as before, when it cannot say").isTrue();
	}

	@Test
	void noCountIsTakenWhenTheBrokerCannotSayWhatWaits() {
		ReplicaCompleteness completeness = completeness(900_000, 500_000, () -> {
			throw new IllegalStateException("broker away");
		});

		completeness.count();

		assertThat(completeness.latest()).isEmpty();
	}

	@Test
	void withNoCountYetAFailedOneIsTriedAgainSoonWithABackoff() {
		// the broker not answering the first two times, as at a start beside it
		AtomicInteger asked = new AtomicInteger();
		List<Long> askedAt = new CopyOnWriteArrayList<>();
		ReplicaCompleteness completeness = completeness(900_000, 900_000, () -> {
			askedAt.add(System.nanoTime());
			if (asked.incrementAndGet() <= 2) {
				throw new IllegalStateException("broker away");
			}
			return 0;
		}, new CompletenessProperties(Duration.ofMinutes(10), 0.99, Duration.ofSeconds(1)));

		completeness.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> completeness.latest().isPresent());
		}
		finally {
			completeness.stop();
		}

		assertThat(asked).hasValue(3);
		// 1 s, then 2 s: not a whole interval, not a tight loop
		assertThat(Duration.ofNanos(askedAt.get(1) - askedAt.get(0))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(Duration.ofNanos(askedAt.get(2) - askedAt.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void onceACountIsTakenAFailedOneWaitsForTheInterval() {
		AtomicInteger asked = new AtomicInteger();
		ReplicaCompleteness completeness = completeness(900_000, 900_000, () -> {
			if (asked.incrementAndGet() > 1) {
				throw new IllegalStateException("broker away");
			}
			return 0;
		}, new CompletenessProperties(Duration.ofMinutes(10), 0.99, Duration.ofSeconds(1)));

		completeness.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> completeness.latest().isPresent());
			completeness.checkSoon();
			await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() == 2);
			// no third try for longer than the first retry's wait
			await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> asked.get() == 2);
		}
		finally {
			completeness.stop();
		}

		// the failed second count is not retried: the first one stands (each try runs the
		// whole-country digest on the registry's side)
		assertThat(asked).hasValue(2);
		assertThat(completeness.latest().orElseThrow().replicaResidents()).isEqualTo(900_000);
	}

	@Test
	void refusesAFirstRetryThatWouldLoopOrOutwaitTheInterval() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CompletenessProperties(Duration.ofMinutes(10), 0.99, Duration.ZERO))
			.withMessageContaining("first-retry must be at least 1s");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CompletenessProperties(Duration.ofMinutes(10), 0.99, Duration.ofMinutes(11)));
	}

	private ReplicaCompleteness completeness(long inRegistry, long onReplica, ReplicaCompleteness.Backlog backlog) {
		return completeness(inRegistry, onReplica, backlog,
				new CompletenessProperties(Duration.ofMinutes(10), 0.99, Duration.ofSeconds(15)));
	}

	private ReplicaCompleteness completeness(long inRegistry, long onReplica, ReplicaCompleteness.Backlog backlog,
			CompletenessProperties settings) {
		when(this.registry.digests("")).thenAnswer((invocation) -> {
			this.calls.add("registry");
			return new RegionDigest("", 2,
					List.of(new Bucket("35", inRegistry - 1, "a", 1L), new Bucket("36", 1, "b", 1L)));
		});
		when(this.replica.children("", 2)).thenAnswer((invocation) -> {
			this.calls.add("replica");
			return List.of(new Bucket("35", onReplica, "a", 1L));
		});
		return new ReplicaCompleteness(this.registry, this.replica, backlog, settings,
				Clock.fixed(now, ZoneOffset.UTC));
	}

}
