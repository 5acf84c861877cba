package id.niksync.sync.ingest;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import id.niksync.sync.reconcile.ReplicaCompleteness.Count;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a count of the replica's residents starts a rebuild: the benchmark's catch-up had
 * one start while partner-sync was applying an outage's backlog, because the count was a
 * moment older than the records still waiting.
 */
class ReplicaRebuilderTriggerTests {

	private static final Instant now = Instant.parse("2026-12-02T12:18:24Z");

	private static final Instant lastRebuildEnded = Instant.EPOCH;

	@Test
	void aCountOlderThanTheBacklogItIsSetAgainstIsTakenAgainBeforeARebuildStarts() {
		// counted as the database came back: 616,000 held and 284,000 waiting, complete;
		// read now, after the group applied 100,000 of them, only 184,000 wait
		Count atReturn = new Count(900_000, 616_000, now.minusSeconds(5));
		AtomicInteger counted = new AtomicInteger();

		Optional<Count> incomplete = ReplicaRebuilder.incomplete(Optional.of(atReturn), lastRebuildEnded, 184_000, 0.99,
				() -> {
					counted.incrementAndGet();
					return Optional.of(new Count(900_000, 716_000, now));
				});

		assertThat(incomplete).isEmpty();
		assertThat(counted).hasValue(1);
	}

	@Test
	void aReplicaStillShortWhenCountedAgainIsIncomplete() {
		Count restoredFromAnOldBackup = new Count(900_000, 400_000, now.minusSeconds(5));

		Optional<Count> incomplete = ReplicaRebuilder.incomplete(Optional.of(restoredFromAnOldBackup), lastRebuildEnded,
				0, 0.99, () -> Optional.of(new Count(900_000, 400_100, now)));

		assertThat(incomplete).map(Count::replicaResidents).contains(400_100L);
	}

	@Test
	void noCountIsTakenWhenTheLatestShowsTheReplicaComplete() {
		AtomicInteger counted = new AtomicInteger();

		Optional<Count> incomplete = ReplicaRebuilder.incomplete(Optional.of(new Count(900_000, 899_000, now)),
				lastRebuildEnded, 0, 0.99, () -> {
					counted.incrementAndGet();
					return Optional.empty();
				});

		assertThat(incomplete).isEmpty();
		assertThat(counted).hasValue(0);
	}

	@Test
	void noRebuildWhenTheCountCannotBeTakenAgain() {
		// the registry or the replica database away: the next check decides
		Optional<Count> incomplete = ReplicaRebuilder.incomplete(Optional.of(new Count(900_000, 400_000, now)),
				lastRebuildEnded, 0, 0.99, Optional::empty);

		assertThat(incomplete).isEmpty();
	}

	@Test
	void aCountFromBeforeTheLastRebuildEndedStartsNothing() {
		Optional<Count> incomplete = ReplicaRebuilder.incomplete(
				Optional.of(new Count(900_000, 0, now.minusSeconds(60))), now.minusSeconds(30), 0, 0.99,
				() -> Optional.of(new Count(900_000, 0, now)));

		assertThat(incomplete).isEmpty();
	}

}
