package id.niksync.sync.deadletter;

import java.time.Instant;

/**
 * One dead letter as stored, without its payload.
 *
 * @param supersededByVersion for a SUPERSEDED letter, the version the replica held when
 * it was found to have nothing left to deliver
 */
public record DeadLetter(long id, DeadLetterReason reasonCode, DeadLetterStatus status, String nik, Long eventVersion,
		String originalTopic, int originalPartition, long originalOffset, Instant originalTimestamp, int attempts,
		Long replayOf, Instant createdAt, Instant updatedAt, Instant lastReplayedAt, String discardReason,
		Long supersededByVersion) {

}
