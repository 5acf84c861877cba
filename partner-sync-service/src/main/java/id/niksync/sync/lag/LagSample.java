package id.niksync.sync.lag;

import java.time.Instant;
import java.util.List;

import id.niksync.sync.deadletter.DeadLetters;
import id.niksync.sync.ingest.IngestStatus;
import id.niksync.sync.ingest.Rebuild;
import id.niksync.sync.reconcile.ReplicaCompleteness;

/**
 * Everything one sampling round saw, and the verdict on it.
 *
 * @param at when it was taken
 * @param partitions lag per partition (empty when the broker could not be read)
 * @param offsetLag records behind, all partitions
 * @param maxTimeLagSeconds the oldest unconsumed record's age, over all partitions
 * @param applied events applied to the replica since start
 * @param freshnessP99Seconds registry commit to replica apply, 99th percentile
 * @param outbox the registry's outbox backlog
 * @param deadLetters pending dead letters (as last read while the database cannot be)
 * @param replicaDatabase whether the replica database could be read
 * @param verdict the verdict
 * @param stuck partitions that have not moved while records wait, and why
 * @param rebuild the latest rebuild of the replica, or null
 * @param residents the last count of residents on both sides, or null
 */
record LagSample(Instant at, List<PartitionLag> partitions, long offsetLag, double maxTimeLagSeconds, long applied,
		double freshnessP99Seconds, OutboxBacklog outbox, DeadLetters.Pending deadLetters,
		ReplicaDatabase replicaDatabase, Verdict verdict, List<StuckPartition> stuck, Rebuild rebuild,
		ReplicaCompleteness.Count residents, IngestStatus.Snapshot consumer) {

	SyncHealthReport.Point point() {
		return new SyncHealthReport.Point(this.at, this.offsetLag, this.maxTimeLagSeconds, this.applied,
				this.freshnessP99Seconds, this.verdict.status());
	}

}
