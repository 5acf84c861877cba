package id.niksync.sync.lag;

import id.niksync.schemas.registry.OutboxStatus;

/**
 * The registry's outbox as {@code GET /ops/outbox} reports it; only
 * {@code registryReachable} when the registry did not answer.
 *
 * @param registryReachable whether the registry answered the last read
 * @param pending outbox rows not yet acknowledged by Kafka
 * @param pendingEstimated whether {@code pending} is an upper bound (the registry counts
 * exactly up to 10,000)
 * @param oldestPendingAgeSeconds how long the oldest pending row has waited
 * @param lastPublishedChangeSeq the newest changeSeq Kafka acknowledged
 * @param publishedTotal rows published since the outbox began
 */
public record OutboxBacklog(boolean registryReachable, Long pending, Boolean pendingEstimated,
		Double oldestPendingAgeSeconds, Long lastPublishedChangeSeq, Long publishedTotal) {

	static OutboxBacklog of(OutboxStatus status) {
		return new OutboxBacklog(true, status.pending(), status.pendingEstimated(), status.oldestPendingAgeSeconds(),
				status.lastPublishedChangeSeq(), status.publishedTotal());
	}

	static OutboxBacklog unreachable() {
		return new OutboxBacklog(false, null, null, null, null, null);
	}

}
