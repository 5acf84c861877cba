package id.niksync.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LockingAuthenticationProviderTests {

	private static final PasswordEncoder passwords = new BCryptPasswordEncoder(4);

	private static final String RIGHT = "kopi tubruk di pagi hari";

	private final MovableClock clock = new MovableClock();

	private final InMemoryAccounts accounts = new InMemoryAccounts();

	private final List<SignInAttempt> audit = new ArrayList<>();

	private final LockingAuthenticationProvider provider = new LockingAuthenticationProvider(this.accounts, passwords,
			lockout(), this.audit::add);

	LockingAuthenticationProviderTests() {
		this.accounts.add("siti", RIGHT, true);
	}

	@Test
	void signsInWithTheRightPasswordAndAuditsItWithTheClientAddress() {
		Authentication signedIn = this.provider.authenticate(attempt("siti", RIGHT));

		assertThat(signedIn.isAuthenticated()).isTrue();
		assertThat(signedIn.getName()).isEqualTo("siti");
		assertThat(signedIn.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_OPERATOR");
		assertThat(this.audit)
			.containsExactly(new SignInAttempt(this.clock.instant(), "siti", SignInOutcome.SUCCESS, "203.0.113.7"));
	}

	@Test
	void locksAfterFiveWrongPasswordsInARowAndRefusesTheRightOneWhileLocked() {
		fail(5, "siti");

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.provider.authenticate(attempt("siti", RIGHT)));
		assertThat(this.audit).extracting(SignInAttempt::outcome)
			.containsExactly(SignInOutcome.FAILURE, SignInOutcome.FAILURE, SignInOutcome.FAILURE, SignInOutcome.FAILURE,
					SignInOutcome.FAILURE, SignInOutcome.LOCKED);
		assertThat(this.accounts.failures.get("siti")).isEqualTo(5);
	}

	@Test
	void signsInOnceTheLockRunsOutAndStartsCountingAgain() {
		fail(5, "siti");
		this.clock.move(Duration.ofMinutes(1));

		assertThat(this.provider.authenticate(attempt("siti", RIGHT)).isAuthenticated()).isTrue();
		assertThat(this.accounts.failures.get("siti")).isZero();
		assertThat(this.accounts.lockedUntil.get("siti")).isNull();
	}

	@Test
	void countsAWrongPasswordWhileLockedAndLocksLonger() {
		fail(5, "siti");
		fail(1, "siti");

		assertThat(this.accounts.failures.get("siti")).isEqualTo(6);
		assertThat(this.accounts.lockedUntil.get("siti")).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(2)));
		this.clock.move(Duration.ofMinutes(1));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.provider.authenticate(attempt("siti", RIGHT)));
	}

	@Test
	void aRightPasswordResetsTheCount() {
		fail(4, "siti");
		this.provider.authenticate(attempt("siti", RIGHT));
		fail(4, "siti");

		assertThat(this.provider.authenticate(attempt("siti", RIGHT)).isAuthenticated()).isTrue();
	}

	@Test
	void refusesADisabledAccountsRightPasswordAsAnyOther() {
		this.accounts.add("budi", RIGHT, false);

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.provider.authenticate(attempt("budi", RIGHT)))
			.withMessage("Bad credentials");
		assertThat(this.audit).extracting(SignInAttempt::outcome).containsExactly(SignInOutcome.DISABLED);
	}

	@Test
	void aLockedOrDisabledAccountsRightPasswordIsCheckedInFullEveryTimeNeverFromMemory() {
		AtomicInteger fullChecks = new AtomicInteger();
		PasswordEncoder counting = checkingWith((raw, encoded) -> {
			fullChecks.incrementAndGet();
			return passwords.matches(raw, encoded);
		});
		LockingAuthenticationProvider remembering = new LockingAuthenticationProvider(this.accounts,
				new RecentlyVerifiedPasswords(counting), lockout(), this.audit::add);
		remembering.authenticate(attempt("siti", RIGHT));
		remembering.authenticate(attempt("siti", RIGHT));
		assertThat(fullChecks).as("an account that may sign in is remembered").hasValue(1);

		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(BadCredentialsException.class)
				.isThrownBy(() -> remembering.authenticate(attempt("siti", "salah")));
		}
		fullChecks.set(0);
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(BadCredentialsException.class)
				.isThrownBy(() -> remembering.authenticate(attempt("siti", RIGHT)));
		}
		assertThat(fullChecks).as("locked: as slow as a wrong password, every time").hasValue(3);

		this.accounts.add("budi", RIGHT, false);
		fullChecks.set(0);
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(BadCredentialsException.class)
				.isThrownBy(() -> remembering.authenticate(attempt("budi", RIGHT)));
		}
		assertThat(fullChecks).as("disabled: the same").hasValue(2);
	}

	@Test
	void auditsAnUnknownUsernameAsPresentedCutToItsLimit() {
		String long_ = "x".repeat(300);

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.provider.authenticate(attempt(long_, RIGHT)))
			.withMessage("Bad credentials");
		assertThat(this.audit).singleElement().satisfies((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo(SignInOutcome.FAILURE);
			assertThat(attempt.username()).hasSize(SignInAttempt.MAX_USERNAME_LENGTH);
		});
	}

	@Test
	void treatsAPasswordBcryptCannotReadAsWrong() {
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.provider.authenticate(attempt("siti", "x".repeat(100))));
		assertThat(this.accounts.failures.get("siti")).isEqualTo(1);
	}

	@Test
	void aBurstSentAtOnceFromOneAddressIsCheckedNoMoreThanItsRefusalsAllow() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger checked = new AtomicInteger();
		PasswordEncoder slow = checkingWith((raw, encoded) -> {
			checked.incrementAndGet();
			try {
				release.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return false;
		});
		List<SignInAttempt> audited = Collections.synchronizedList(new ArrayList<>());
		LockingAuthenticationProvider throttled = new LockingAuthenticationProvider(this.accounts, slow, lockout(),
				audited::add, new SignInThrottle(3, Duration.ofMinutes(1)));
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<Throwable>> outcomes = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				String name = "nobody" + i;
				outcomes.add(threads.submit(() -> thrownBy(() -> throttled.authenticate(attempt(name, "guess")))));
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while ((outcomes.stream().filter(Future::isDone).count() < 5 || checked.get() < 3)
					&& System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			List<Throwable> turnedAway = outcomes.stream()
				.filter(Future::isDone)
				.map(LockingAuthenticationProviderTests::outcome)
				.toList();
			assertThat(turnedAway).as("turned away while three were being checked")
				.hasSize(5)
				.allMatch(SignInThrottledException.class::isInstance);
			assertThat(checked).as("checks started").hasValue(3);

			release.countDown();
			for (Future<Throwable> outcome : outcomes) {
				assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOfAny(SignInThrottledException.class,
						BadCredentialsException.class);
			}
			assertThat(checked).hasValue(3);
			assertThat(audited).hasSize(3);
		}
		finally {
			release.countDown();
			threads.shutdownNow();
		}
	}

	@Test
	void aSuccessfulSignInGivesItsRefusalBack() {
		LockingAuthenticationProvider throttled = new LockingAuthenticationProvider(this.accounts, passwords, lockout(),
				this.audit::add, new SignInThrottle(1, Duration.ofMinutes(1)));

		for (int i = 0; i < 3; i++) {
			assertThat(throttled.authenticate(attempt("siti", RIGHT)).isAuthenticated()).isTrue();
		}

		assertThatExceptionOfType(BadCredentialsException.class).as("the address's one refusal is still there")
			.isThrownBy(() -> throttled.authenticate(attempt("nobody", "guess")));
		assertThatExceptionOfType(SignInThrottledException.class)
			.isThrownBy(() -> throttled.authenticate(attempt("nobody", "guess")));
	}

	@Test
	void aSignInLeftUncheckedIsNeitherAuditedNorAFailureButCountsAgainstItsAddress() {
		PasswordEncoder busy = checkingWith((raw, encoded) -> {
			throw new PasswordChecksBusyException(Duration.ofSeconds(1));
		});
		LockingAuthenticationProvider throttled = new LockingAuthenticationProvider(this.accounts, busy, lockout(),
				this.audit::add, new SignInThrottle(3, Duration.ofMinutes(1)));

		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(PasswordChecksBusyException.class)
				.isThrownBy(() -> throttled.authenticate(attempt("siti", "a guess")));
		}

		assertThat(this.accounts.failures.get("siti")).as("unchecked guesses count no failure").isZero();
		assertThat(this.audit).isEmpty();
		assertThatExceptionOfType(SignInThrottledException.class).as("a name no account has, from that address")
			.isThrownBy(() -> throttled.authenticate(attempt("nobody", "guess")));
	}

	/**
	 * While its guesses are turned away unchecked, an account's right password is not
	 * accepted from memory either: the answers tell a guesser nothing.
	 */
	@Test
	void anAccountWhoseCheckWasTurnedAwayIsNotSignedInFromMemory() {
		AtomicBoolean busy = new AtomicBoolean();
		PasswordEncoder maybeBusy = checkingWith((raw, encoded) -> {
			if (busy.get()) {
				throw new PasswordChecksBusyException(Duration.ofSeconds(1));
			}
			return passwords.matches(raw, encoded);
		});
		LockingAuthenticationProvider provider = new LockingAuthenticationProvider(this.accounts,
				new RecentlyVerifiedPasswords(maybeBusy), lockout(), this.audit::add);
		assertThat(provider.authenticate(attempt("siti", RIGHT)).isAuthenticated()).isTrue();
		busy.set(true);
		assertThat(provider.authenticate(attempt("siti", RIGHT)).isAuthenticated()).as("remembered").isTrue();

		assertThatExceptionOfType(PasswordChecksBusyException.class)
			.isThrownBy(() -> provider.authenticate(attempt("siti", "a guess")));

		assertThatExceptionOfType(PasswordChecksBusyException.class).as("the right one, not from memory now")
			.isThrownBy(() -> provider.authenticate(attempt("siti", RIGHT)));
		busy.set(false);
		assertThat(provider.authenticate(attempt("siti", RIGHT)).isAuthenticated()).as("checked in full").isTrue();
	}

	@Test
	void aNameWithANulCharacterIsNoAccountAndIsAuditedReadably() {
		this.accounts.refuseNul = true;

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.provider.authenticate(attempt("siti\u0000", RIGHT)));
		assertThat(this.audit).singleElement().satisfies((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo(SignInOutcome.FAILURE);
			assertThat(attempt.username()).isEqualTo("siti\uFFFD");
		});
	}

	/** 5 wrong passwords lock for a minute, doubling up to an hour. */
	private SignInLockout lockout() {
		return new SignInLockout(5, Duration.ofMinutes(1), Duration.ofHours(1), this.clock);
	}

	/** Encodes as the tests' BCrypt; checks as told. */
	private static PasswordEncoder checkingWith(BiPredicate<CharSequence, String> check) {
		return new PasswordEncoder() {

			@Override
			public String encode(CharSequence raw) {
				return passwords.encode(raw);
			}

			@Override
			public boolean matches(CharSequence raw, String encoded) {
				return check.test(raw, encoded);
			}

		};
	}

	private static Throwable outcome(Future<Throwable> done) {
		try {
			return done.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Throwable thrownBy(Runnable call) {
		try {
			call.run();
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	private void fail(int times, String username) {
		for (int i = 0; i < times; i++) {
			assertThatExceptionOfType(BadCredentialsException.class)
				.isThrownBy(() -> this.provider.authenticate(attempt(username, "not the password at all")));
		}
	}

	private static Authentication attempt(String username, String password) {
		UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(username,
				password);
		attempt.setDetails(new WebAuthenticationDetails("203.0.113.7", null));
		return attempt;
	}

	private static final class InMemoryAccounts implements SignInAccounts {

		final Map<String, User.UserBuilder> users = new HashMap<>();

		final Map<String, Integer> failures = new HashMap<>();

		final Map<String, Instant> lockedUntil = new HashMap<>();

		/** As PostgreSQL does: a NUL in a query parameter fails the query. */
		boolean refuseNul;

		void add(String username, String password, boolean enabled) {
			this.users.put(username,
					User.withUsername(username)
						.password(passwords.encode(password))
						.roles("OPERATOR")
						.disabled(!enabled));
			this.failures.put(username, 0);
		}

		@Override
		public Optional<SignInAccount> find(String username) {
			if (this.refuseNul && username.indexOf('\0') >= 0) {
				throw new IllegalStateException("invalid byte sequence for encoding \"UTF8\": 0x00");
			}
			return Optional.ofNullable(this.users.get(username))
				.map((user) -> new SignInAccount(user.build(), this.failures.get(username),
						this.lockedUntil.get(username)));
		}

		@Override
		public void recordFailure(String username, IntFunction<Instant> lockedUntilAfter) {
			int count = this.failures.merge(username, 1, Integer::sum);
			Instant until = lockedUntilAfter.apply(count);
			if (until != null) {
				this.lockedUntil.put(username, until);
			}
		}

		@Override
		public void recordSuccess(String username) {
			this.failures.put(username, 0);
			this.lockedUntil.remove(username);
		}

	}

}
