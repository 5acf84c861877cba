package id.niksync.registry.access;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An account as administrators see it: never its password hash.
 *
 * @param lockedUntil the end of a lockout after wrong passwords, {@code null} when none
 * was ever set (it may lie in the past)
 */
record AccountView(String username, Set<RegistryRole> roles, List<String> regions, boolean active, Instant lockedUntil,
		Instant createdAt, Instant passwordChangedAt) {

}
