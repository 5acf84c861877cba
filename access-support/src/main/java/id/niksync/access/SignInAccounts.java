package id.niksync.access;

import java.time.Instant;
import java.util.Optional;
import java.util.function.IntFunction;

/** Where a service keeps its accounts' passwords and lockout state. */
public interface SignInAccounts {

	/**
	 * The account of this username, if any.
	 * @param username exactly as presented
	 */
	Optional<SignInAccount> find(String username);

	/**
	 * Counts one more wrong password, atomically (concurrent attempts must not be lost),
	 * and stores the lock for the new count.
	 * @param lockedUntilAfter the lock for the new consecutive count, {@code null} for
	 * none; an existing later lock is kept
	 */
	void recordFailure(String username, IntFunction<Instant> lockedUntilAfter);

	/** Forgets the wrong passwords and the lock. */
	void recordSuccess(String username);

}
