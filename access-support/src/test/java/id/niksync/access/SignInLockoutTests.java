package id.niksync.access;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SignInLockoutTests {

	private final MovableClock clock = new MovableClock();

	private final SignInLockout lockout = new SignInLockout(5, Duration.ofMinutes(1), Duration.ofHours(1), this.clock);

	@Test
	void locksNothingBeforeTheFifthFailure() {
		assertThat(this.lockout.lockedUntilAfter(1)).isEmpty();
		assertThat(this.lockout.lockedUntilAfter(4)).isEmpty();
	}

	@Test
	void locksForAMinuteAtTheFifthFailureAndDoublesForEachFurtherOne() {
		Instant now = this.clock.instant();

		assertThat(this.lockout.lockedUntilAfter(5)).contains(now.plus(Duration.ofMinutes(1)));
		assertThat(this.lockout.lockedUntilAfter(6)).contains(now.plus(Duration.ofMinutes(2)));
		assertThat(this.lockout.lockedUntilAfter(8)).contains(now.plus(Duration.ofMinutes(8)));
	}

	@Test
	void locksForAtMostAnHourHoweverManyFailures() {
		Instant now = this.clock.instant();

		assertThat(this.lockout.lockedUntilAfter(11)).contains(now.plus(Duration.ofHours(1)));
		assertThat(this.lockout.lockedUntilAfter(Integer.MAX_VALUE)).contains(now.plus(Duration.ofHours(1)));
	}

	@Test
	void isLockedUntilTheLockRunsOut() {
		Instant until = this.lockout.lockedUntilAfter(5).orElseThrow();

		assertThat(this.lockout.isLocked(until)).isTrue();
		this.clock.move(Duration.ofSeconds(59));
		assertThat(this.lockout.isLocked(until)).isTrue();
		this.clock.move(Duration.ofSeconds(1));
		assertThat(this.lockout.isLocked(until)).isFalse();
		assertThat(this.lockout.isLocked(null)).isFalse();
	}

	@Test
	void refusesSettingsThatCannotLock() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SignInLockout(0, Duration.ofMinutes(1), Duration.ofHours(1), this.clock));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SignInLockout(5, Duration.ZERO, Duration.ofHours(1), this.clock));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SignInLockout(5, Duration.ofHours(2), Duration.ofHours(1), this.clock));
	}

}
