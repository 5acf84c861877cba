package id.niksync.sync.access;

import java.time.Instant;
import java.util.Set;

/**
 * A partner institution as operators manage it.
 *
 * @param requestsPerSecond the most partner requests it may make per second
 * @param active an inactive institution's keys open nothing
 * @param permissions what it may do beyond lookups and verifications
 * @param callbackUrl where it hears that a re-online request ended, if anywhere (its
 * secret is never shown again)
 */
public record Institution(long id, String name, InstitutionType type, int requestsPerSecond, boolean active,
		Instant createdAt, Set<InstitutionPermission> permissions, String callbackUrl) {

}
