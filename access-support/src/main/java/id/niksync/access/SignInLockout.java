package id.niksync.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When wrong passwords lock an account: after {@code failuresBeforeLock} in a row it is
 * locked for {@code firstLock}, each further wrong password (also one tried while locked)
 * doubles that, up to {@code longestLock}, counted from that attempt. A right password
 * resets the count, but only once the lock has run out. The count and the lock are stored
 * with the account; this only decides.
 */
public final class SignInLockout {

	private final int failuresBeforeLock;

	private final Duration firstLock;

	private final Duration longestLock;

	private final Clock clock;

	public SignInLockout(int failuresBeforeLock, Duration firstLock, Duration longestLock, Clock clock) {
		if (failuresBeforeLock < 1 || firstLock.isNegative() || firstLock.isZero()
				|| longestLock.compareTo(firstLock) < 0) {
			throw new IllegalArgumentException(
					"A lockout needs at least one failure, a positive first lock and a longest lock at least as long");
		}
		this.failuresBeforeLock = failuresBeforeLock;
		this.firstLock = firstLock;
		this.longestLock = longestLock;
		this.clock = clock;
	}

	/**
	 * @param consecutiveFailures wrong passwords in a row, the one just given included
	 * @return until when the account is locked now, empty when it is not
	 */
	public Optional<Instant> lockedUntilAfter(int consecutiveFailures) {
		if (consecutiveFailures < this.failuresBeforeLock) {
			return Optional.empty();
		}
		int doublings = Math.min(consecutiveFailures - this.failuresBeforeLock, 30);
		Duration lock = this.firstLock.multipliedBy(1L << doublings);
		if (lock.compareTo(this.longestLock) > 0 || lock.isNegative()) {
			lock = this.longestLock;
		}
		return Optional.of(this.clock.instant().plus(lock));
	}

	/**
	 * Whether the account is locked now.
	 * @param lockedUntil as stored with the account, {@code null} when never locked
	 */
	public boolean isLocked(Instant lockedUntil) {
		return lockedUntil != null && this.clock.instant().isBefore(lockedUntil);
	}

	public Instant now() {
		return this.clock.instant();
	}

}
