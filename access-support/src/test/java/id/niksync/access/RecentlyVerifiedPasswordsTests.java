package id.niksync.access;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class RecentlyVerifiedPasswordsTests {

	private final Counting bcrypt = new Counting(new BCryptPasswordEncoder(4));

	private final MovableClock clock = new MovableClock();

	private final RecentlyVerifiedPasswords passwords = new RecentlyVerifiedPasswords(this.bcrypt, this.clock);

	private final String hash = this.bcrypt.encode("registrar-password");

	@Test
	void aPasswordThatMatchedIsNotCheckedByBcryptAgainForAWhile() {
		assertThat(this.passwords.matches("registrar-password", this.hash)).isTrue();
		assertThat(this.passwords.matches("registrar-password", this.hash)).isTrue();
		assertThat(this.passwords.matches("registrar-password", this.hash)).isTrue();

		assertThat(this.bcrypt.checks).hasValue(1);
	}

	@Test
	void aWrongPasswordIsCheckedEveryTimeAndNeverRemembered() {
		assertThat(this.passwords.matches("registrar-password", this.hash)).isTrue();

		assertThat(this.passwords.matches("guess", this.hash)).isFalse();
		assertThat(this.passwords.matches("guess", this.hash)).isFalse();
		assertThat(this.passwords.matches("registrar-password ", this.hash)).isFalse();

		assertThat(this.bcrypt.checks).hasValue(4);
	}

	@Test
	void aChangedPasswordStopsTheOldOneAtOnce() {
		assertThat(this.passwords.matches("registrar-password", this.hash)).isTrue();
		String changed = this.bcrypt.encode("a-new-password-2026");

		assertThat(this.passwords.matches("registrar-password", changed)).isFalse();
		assertThat(this.passwords.matches("a-new-password-2026", changed)).isTrue();
	}

	@Test
	void aRememberedCheckExpires() {
		assertThat(this.passwords.matches("registrar-password", this.hash)).isTrue();
		this.clock.move(RecentlyVerifiedPasswords.REMEMBERED_FOR.plus(Duration.ofMillis(1)));

		assertThat(this.passwords.matches("registrar-password", this.hash)).isTrue();

		assertThat(this.bcrypt.checks).hasValue(2);
	}

	@Test
	void aPasswordInUseStaysRememberedItExpiresAfterItWasLastPresented() {
		assertThat(this.passwords.matches("registrar-password", this.hash)).isTrue();
		// presented every 2 minutes for an hour
		for (int i = 0; i < 30; i++) {
			this.clock.move(Duration.ofMinutes(2));
			assertThat(this.passwords.matches("registrar-password", this.hash)).isTrue();
		}
		assertThat(this.bcrypt.checks).as("checked once in an hour of use").hasValue(1);

		this.clock.move(RecentlyVerifiedPasswords.REMEMBERED_FOR.plus(Duration.ofMillis(1)));
		assertThat(this.passwords.matches("registrar-password", this.hash)).isTrue();
		assertThat(this.bcrypt.checks).as("not presented for longer than it is remembered").hasValue(2);
	}

	@Test
	void whenFullOfLiveChecksItForgetsRatherThanGrows() {
		int last = RecentlyVerifiedPasswords.CAPACITY + 4;
		for (int i = 0; i <= last; i++) {
			this.passwords.matches("registrar-password", this.hash + i);
		}
		int before = this.bcrypt.checks.get();

		assertThat(this.passwords.matches("registrar-password", this.hash + last)).isTrue();
		assertThat(this.bcrypt.checks.get() - before).as("the newest is remembered").isZero();
		assertThat(this.passwords.matches("registrar-password", this.hash + 0)).isTrue();
		assertThat(this.bcrypt.checks.get() - before).as("the oldest was forgotten").isEqualTo(1);
	}

	/** BCrypt, counting its checks; hashes it cannot read (the filler ones) match. */
	private static final class Counting implements PasswordEncoder {

		private final PasswordEncoder bcrypt;

		private final AtomicInteger checks = new AtomicInteger();

		Counting(PasswordEncoder bcrypt) {
			this.bcrypt = bcrypt;
		}

		@Override
		public String encode(CharSequence rawPassword) {
			return this.bcrypt.encode(rawPassword);
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			this.checks.incrementAndGet();
			if (!encodedPassword.startsWith("$2") || encodedPassword.length() > 60
					&& encodedPassword.substring(60).chars().allMatch(Character::isDigit)) {
				return true;
			}
			return this.bcrypt.matches(rawPassword, encodedPassword);
		}

	}

}
