package id.niksync.sync.access;

import java.time.Instant;
import java.util.Set;

/**
 * An operator account as administrators see it: never the password hash.
 *
 * @param failedSignIns wrong passwords in a row since the last successful sign-in
 * @param lockedUntil when the last lockout ends or ended, {@code null} when there was
 * none since
 */
record OperatorAccount(String username, Set<OperatorRole> roles, boolean active, int failedSignIns, Instant lockedUntil,
		Instant createdAt, Instant passwordChangedAt) {

}
