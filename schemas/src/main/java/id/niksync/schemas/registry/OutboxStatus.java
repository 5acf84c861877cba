package id.niksync.schemas.registry;

import java.time.Instant;

/**
 * {@code GET /ops/outbox}: how far the registry's outbox relay is behind. partner-sync
 * shows it in its sync status.
 *
 * @param pending rows waiting for Kafka's acknowledgement: exact up to the registry's
 * exact-count limit (10,000), an upper bound above it
 * @param pendingEstimated whether {@code pending} is above that limit and so estimated
 * (from the range of changeSeqs pending); absent (false) from a registry that always
 * counted
 * @param oldestPendingAt when the oldest of them was written; absent when nothing is
 * pending
 * @param oldestPendingAgeSeconds how long it has waited (0 when nothing is pending)
 * @param lastPublishedChangeSeq the highest changeSeq Kafka acknowledged; absent before
 * anything was published
 * @param publishedTotal rows published so far
 */
public record OutboxStatus(long pending, boolean pendingEstimated, Instant oldestPendingAt,
		double oldestPendingAgeSeconds, Long lastPublishedChangeSeq, long publishedTotal) {

}
