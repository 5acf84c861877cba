package id.niksync.access;

import java.time.Instant;

import org.springframework.security.core.userdetails.UserDetails;

/**
 * An account as sign-in needs it: who (with the password hash, roles and whether it is
 * enabled) and its lockout state.
 *
 * @param user becomes the principal of a successful sign-in
 * @param consecutiveFailures wrong passwords since the last successful sign-in
 * @param lockedUntil {@code null} when never locked
 */
public record SignInAccount(UserDetails user, int consecutiveFailures, Instant lockedUntil) {

}
