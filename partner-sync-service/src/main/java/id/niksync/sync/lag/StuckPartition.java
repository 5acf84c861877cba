package id.niksync.sync.lag;

import java.time.Instant;

/**
 * A partition whose committed offset has not moved while records wait on it, for at least
 * {@code niksync.lag.stalled-after}, and what is known about why.
 *
 * @param topic the topic ({@code nik-changes} or the replay topic)
 * @param partition the partition
 * @param offset the record it waits at (the group's committed offset, or the first record
 * there when it never committed)
 * @param offsetLag records waiting
 * @param since when its offset last moved (or nothing waited)
 * @param attempts failed deliveries of the record it waits at; 0 when none failed (the
 * consumer is paused, stopped, or not polling it)
 * @param lastErrorClass the class of the last failure there, or null
 * @param lastErrorAt when that was, or null
 */
public record StuckPartition(String topic, int partition, long offset, long offsetLag, Instant since, int attempts,
		String lastErrorClass, Instant lastErrorAt) {

}
