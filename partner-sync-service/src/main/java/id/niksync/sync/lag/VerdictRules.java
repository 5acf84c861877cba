package id.niksync.sync.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import id.niksync.sync.ingest.Rebuild;
import id.niksync.sync.lag.Verdict.Status;
import id.niksync.sync.reconcile.ReplicaCompleteness;

/**
 * The verdict, in the spirit of LinkedIn Burrow's consumer evaluation, first rule that
 * holds wins:
 * <ol>
 * <li>ERROR: the replica database cannot be read (with why and since when), or the
 * replica circuit breaker is open;</li>
 * <li>REBUILDING: the replica is being rebuilt from the topic (with progress);</li>
 * <li>ERROR ({@code REPLICA_INCOMPLETE}): the last count found the replica holding fewer
 * than {@code niksync.completeness.incomplete-below} of the registry's residents, the
 * records then waiting on the topics counted as held; or a dead letter has been pending
 * longer than {@code deadLetterAge};</li>
 * <li>STOPPED: the ingestion consumer is not running;</li>
 * <li>OK: nothing is behind (an idle topic is never an alarm, however long ago the last
 * commit was);</li>
 * <li>STOPPED: records are behind and no committed offset has moved for
 * {@code stoppedAfter};</li>
 * <li>STALLED: some partition has had records waiting and its committed offset unmoved
 * for {@code stalledAfter}; the first such partition's record, attempts and last error
 * are the cause;</li>
 * <li>WARN: the lag has only grown (every sample at least the one before, the last above
 * the first, not dropping to zero) for at least {@code warnAfter};</li>
 * <li>OK otherwise: behind, but keeping up.</li>
 * </ol>
 * "No progress" is timed from the last sample at which a committed offset moved or
 * nothing was behind, so a record arriving on a topic idle for hours is not an old stall.
 */
final class VerdictRules {

	private VerdictRules() {
	}

	static Verdict evaluate(Observation seen, LagProperties settings) {
		if (!seen.database().reachable()) {
			return new Verdict(Status.ERROR, "REPLICA_DATABASE_UNREACHABLE",
					"Replica database unreachable for %s (%s); circuit breaker %s: nothing is lost, records wait on the topic"
						.formatted(words(Duration.between(seen.database().since(), seen.at())), seen.database().error(),
								seen.circuitOpen() ? "open, ingestion paused" : "not open yet"));
		}
		if (seen.circuitOpen()) {
			return new Verdict(Status.ERROR, "CIRCUIT_OPEN",
					"Replica circuit breaker is open: ingestion is paused until the "
							+ "replica database answers again");
		}
		if (seen.rebuild() != null && seen.rebuild().running()) {
			Rebuild rebuild = seen.rebuild();
			return new Verdict(Status.REBUILDING, "REBUILDING",
					"Rebuilding the replica from the topic (%s): %s%% read, %d of at most %d record(s), %d applied, %d skipped; residents may be missing until it ends"
						.formatted(trigger(rebuild), rebuild.percent(), rebuild.recordsRead(), rebuild.recordsToRead(),
								rebuild.recordsApplied(), rebuild.recordsSkipped()));
		}
		if (seen.count() != null && seen.count().incomplete(seen.incompleteBelow())) {
			ReplicaCompleteness.Count count = seen.count();
			return new Verdict(Status.ERROR, "REPLICA_INCOMPLETE",
					"The replica holds %d of the registry's %d residents (counted %s ago, %d record(s) waiting on the topics then): rebuild it (POST /ops/replica/rebuilds) or reconcile with republish"
						.formatted(count.replicaResidents(), count.registryResidents(),
								words(Duration.between(count.at(), seen.at())), count.recordsWaiting()));
		}
		if (seen.oldestDeadLetterAt() != null) {
			Duration age = Duration.between(seen.oldestDeadLetterAt(), seen.at());
			if (age.compareTo(settings.deadLetterAge()) > 0) {
				return new Verdict(Status.ERROR, "DEAD_LETTERS_WAITING",
						"%d dead letter(s) pending, the oldest for %s (more than %s): replay or discard them"
							.formatted(seen.deadLettersPending(), words(age), words(settings.deadLetterAge())));
			}
		}
		if (!seen.consumerRunning()) {
			return new Verdict(Status.STOPPED, "CONSUMER_STOPPED", "The ingestion consumer is not running");
		}
		if (seen.offsetLag() == 0) {
			return new Verdict(Status.OK, "CAUGHT_UP", "Caught up: nothing waiting on the topics");
		}
		Duration noProgress = Duration.between(seen.lastProgressAt(), seen.at());
		if (noProgress.compareTo(settings.stoppedAfter()) >= 0) {
			return new Verdict(Status.STOPPED, "NO_PROGRESS",
					"%d record(s) behind and no offset committed for %s (at least %s)".formatted(seen.offsetLag(),
							words(noProgress), words(settings.stoppedAfter())));
		}
		if (!seen.stuck().isEmpty()) {
			StuckPartition first = seen.stuck().get(0);
			String more = (seen.stuck().size() > 1) ? " (and %d more partition(s))".formatted(seen.stuck().size() - 1)
					: "";
			String cause = (first.lastErrorClass() != null) ? "%d failed attempt(s) at offset %s, last error %s"
				.formatted(first.attempts(), first.offset(), first.lastErrorClass())
					: "no failure recorded there (consumer paused or not polling it)";
			return new Verdict(Status.STALLED, "PARTITION_STALLED",
					"Partition %d of %s: %d record(s) behind and no offset committed for %s (at least %s)%s: %s"
						.formatted(first.partition(), first.topic(), first.offsetLag(),
								words(Duration.between(first.since(), seen.at())), words(settings.stalledAfter()), more,
								cause));
		}
		Growth growth = growth(seen.history());
		if (growth.lasted().compareTo(settings.warnAfter()) >= 0) {
			return new Verdict(Status.WARN, "LAG_GROWING",
					"Lag grew from %d to %d record(s) over %s: consumption is falling behind".formatted(growth.from(),
							growth.to(), words(growth.lasted())));
		}
		return new Verdict(Status.OK, "KEEPING_UP",
				"%d record(s) behind, consumer keeping up".formatted(seen.offsetLag()));
	}

	/**
	 * The trailing run of samples over which the lag never fell, cut at the latest sample
	 * with nothing behind.
	 */
	static Growth growth(List<LagPoint> history) {
		if (history.isEmpty()) {
			return Growth.NONE;
		}
		int last = history.size() - 1;
		int start = last;
		while (start > 0 && history.get(start).offsetLag() > 0
				&& history.get(start - 1).offsetLag() <= history.get(start).offsetLag()) {
			start--;
		}
		LagPoint first = history.get(start);
		LagPoint latest = history.get(last);
		if (latest.offsetLag() <= first.offsetLag()) {
			return Growth.NONE;
		}
		return new Growth(first.offsetLag(), latest.offsetLag(), Duration.between(first.at(), latest.at()));
	}

	private static String trigger(Rebuild rebuild) {
		return switch (rebuild.trigger()) {
			case "EMPTY_REPLICA" -> "started because the replica was empty";
			case "REPLICA_INCOMPLETE" -> "started because the replica lacked residents";
			default -> "started by " + rebuild.requestedBy();
		};
	}

	/** A duration for an operator: 4.2s, 37s, 12 min, 3 h. */
	static String words(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 120) {
			return (seconds >= 10) ? seconds + "s" : "%.1fs".formatted(duration.toMillis() / 1000.0);
		}
		return (seconds < 7200) ? (seconds / 60) + " min" : (seconds / 3600) + " h";
	}

	/** One sample's total offset lag. */
	record LagPoint(Instant at, long offsetLag) {
	}

	record Growth(long from, long to, Duration lasted) {

		static final Growth NONE = new Growth(0, 0, Duration.ZERO);

	}

	/**
	 * What one sample saw.
	 *
	 * @param at when
	 * @param database whether the replica database could be read
	 * @param consumerRunning whether the ingestion container is running (paused counts)
	 * @param circuitOpen whether the replica breaker is open
	 * @param deadLettersPending how many dead letters are pending
	 * @param oldestDeadLetterAt when the oldest pending one arrived, or null
	 * @param offsetLag records behind, all partitions
	 * @param lastProgressAt the last time a committed offset moved or nothing was behind
	 * @param history total lag per sample in the window, oldest first, this one last
	 * @param stuck partitions stuck for at least {@code stalledAfter}, by partition
	 * @param rebuild the latest rebuild of the replica, or null
	 * @param count the last count of residents on both sides, or null
	 * @param incompleteBelow the share of the registry's residents below which the
	 * replica is incomplete
	 */
	record Observation(Instant at, ReplicaDatabase database, boolean consumerRunning, boolean circuitOpen,
			long deadLettersPending, Instant oldestDeadLetterAt, long offsetLag, Instant lastProgressAt,
			List<LagPoint> history, List<StuckPartition> stuck, Rebuild rebuild, ReplicaCompleteness.Count count,
			double incompleteBelow) {
	}

}
