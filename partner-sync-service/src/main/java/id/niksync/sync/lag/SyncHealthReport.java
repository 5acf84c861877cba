package id.niksync.sync.lag;

import java.time.Instant;
import java.util.List;

import id.niksync.sync.deadletter.DeadLetters;
import id.niksync.sync.ingest.IngestStatus;
import id.niksync.sync.ingest.Rebuild;
import id.niksync.sync.reconcile.ReplicaCompleteness;

/**
 * Sync health as {@code GET /ops/sync-status} shows it.
 *
 * @param verdict the latest verdict and why
 * @param sampledAt when the latest sample was taken (null before the first)
 * @param partitions lag per partition
 * @param totals lag over all partitions
 * @param freshness registry commit to replica apply
 * @param outbox the registry's outbox backlog
 * @param samples the sample window, oldest first, for charts
 * @param deadLetters pending dead letters, as the latest sample read them
 * @param replicaDatabase whether the latest sample could read the replica database
 * @param stuck partitions whose committed offset has not moved while records wait, for at
 * least {@code niksync.lag.stalled-after}, with the record they wait at and its last
 * error
 * @param rebuild the running rebuild of the replica, or the last one (null if none)
 * @param residents the last count of residents in the registry and on the replica (null
 * before the first)
 */
public record SyncHealthReport(Verdict verdict, Instant sampledAt, List<PartitionLag> partitions, Totals totals,
		Freshness freshness, OutboxBacklog outbox, List<Point> samples, DeadLetters.Pending deadLetters,
		ReplicaDatabase replicaDatabase, List<StuckPartition> stuck, Rebuild rebuild,
		ReplicaCompleteness.Count residents, IngestStatus.Snapshot consumer) {

	/**
	 * @param offsetLag records behind, all partitions
	 * @param maxTimeLagSeconds the age of the oldest unconsumed record, all partitions
	 */
	public record Totals(long offsetLag, double maxTimeLagSeconds) {
	}

	/**
	 * Percentiles and max over the last couple of minutes (Micrometer's decaying window);
	 * {@code count} since start.
	 */
	public record Freshness(double p50Seconds, double p95Seconds, double p99Seconds, double maxSeconds, long count) {
	}

	/** One sample, compact. */
	public record Point(Instant at, long offsetLag, double maxTimeLagSeconds, long applied, double freshnessP99Seconds,
			Verdict.Status verdict) {
	}

}
