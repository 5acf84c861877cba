package id.niksync.sync.access;

import java.time.Instant;

/**
 * A partner institution as operators manage it.
 *
 * @param requestsPerSecond the most partner requests it may make per second
 * @param active an inactive institution's keys open nothing
 */
public record Institution(long id, String name, InstitutionType type, int requestsPerSecond, boolean active,
		Instant createdAt) {

}
