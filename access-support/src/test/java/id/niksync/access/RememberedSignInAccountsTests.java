package id.niksync.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.core.userdetails.User;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RememberedSignInAccountsTests {

	private final Store store = new Store();

	private final Instant now = Instant.parse("2026-11-30T04:00:00Z");

	private final RememberedSignInAccounts accounts = new RememberedSignInAccounts(this.store, this.store::all,
			Duration.ofHours(24), Clock.fixed(this.now, ZoneOffset.UTC));

	@Test
	void signsInFromMemoryWhileTheDatabaseIsAwayAndKeepsThePasswordItHandsOut() {
		this.store.put("siti", "hash-1");
		this.accounts.refresh();
		this.store.away = true;

		SignInAccount first = this.accounts.find("siti").orElseThrow();
		// Spring Security erases the credentials of the principal it hands out
		((User) first.user()).eraseCredentials();

		assertThat(this.accounts.find("siti"))
			.hasValueSatisfying((again) -> assertThat(again.user().getPassword()).isEqualTo("hash-1"));
		assertThat(this.accounts.find("budi")).as("never read").isEmpty();
	}

	@Test
	void whileSomethingKnowsTheDatabaseIsAwayNeverWaitsForIt() {
		this.store.put("siti", "hash-1");
		this.accounts.refresh();
		int triesBefore = this.store.tries;
		boolean[] away = { true };
		this.accounts.whileKnownAway(() -> away[0]);

		assertThat(this.accounts.find("siti")).isPresent();
		this.accounts.recordFailure("siti", (count) -> null);
		this.accounts.recordSuccess("siti");
		this.accounts.recordFailure("siti", (count) -> null);

		assertThat(this.store.tries).as("the database was not asked").isEqualTo(triesBefore);
		assertThat(this.accounts.find("siti").orElseThrow().consecutiveFailures()).isEqualTo(1);
		away[0] = false;
		assertThat(this.accounts.find("siti")).isPresent();
		// what happened meanwhile is written first (a success, then one failure), then
		// the account is read
		assertThat(this.store.tries).isEqualTo(triesBefore + 3);
		assertThat(this.accounts.find("siti").orElseThrow().consecutiveFailures()).isEqualTo(1);
	}

	@Test
	void aLockoutEarnedWhileTheDatabaseWasAwayIsWrittenWhenItAnswers() {
		this.store.put("siti", "hash-1");
		this.store.put("budi", "hash-2");
		this.accounts.refresh();
		this.store.recordFailure("budi", (count) -> null);
		this.store.away = true;

		// the lock runs from the time of the wrong password, not from the later write
		java.util.concurrent.atomic.AtomicReference<Instant> time = new java.util.concurrent.atomic.AtomicReference<>(
				this.now);
		IntFunction<Instant> lock = (count) -> (count >= 5) ? time.get().plusSeconds(60) : null;
		for (int i = 1; i <= 5; i++) {
			this.accounts.recordFailure("siti", lock);
		}
		this.accounts.recordSuccess("budi");
		this.accounts.recordFailure("budi", lock);
		this.accounts.recordFailure("nobody", lock);

		this.store.away = false;
		time.set(this.now.plusSeconds(100));
		SignInAccount siti = this.accounts.find("siti").orElseThrow();
		assertThat(siti.consecutiveFailures()).isEqualTo(5);
		assertThat(siti.lockedUntil()).isEqualTo(this.now.plusSeconds(60));
		assertThat(this.store.accounts.get("siti").consecutiveFailures()).as("in the database").isEqualTo(5);
		assertThat(this.store.accounts.get("budi").consecutiveFailures())
			.as("the success reset the one before the outage; one failure after it")
			.isEqualTo(1);
		assertThat(this.store.accounts).doesNotContainKey("nobody");

		// written once: a second sign-in writes nothing more
		this.accounts.find("siti");
		assertThat(this.store.accounts.get("siti").consecutiveFailures()).isEqualTo(5);
	}

	@Test
	void countsWrongPasswordsInMemoryWhileTheDatabaseIsAway() {
		this.store.put("siti", "hash-1");
		this.accounts.refresh();
		this.store.away = true;

		for (int i = 1; i <= 5; i++) {
			this.accounts.recordFailure("siti", (count) -> (count >= 5) ? this.now.plusSeconds(60) : null);
		}

		SignInAccount siti = this.accounts.find("siti").orElseThrow();
		assertThat(siti.consecutiveFailures()).isEqualTo(5);
		assertThat(siti.lockedUntil()).isEqualTo(this.now.plusSeconds(60));
	}

	@Test
	void forgetsAnAccountTheDatabaseNoLongerHasAndPassesOnOtherFailures() {
		this.store.put("siti", "hash-1");
		this.accounts.refresh();
		this.store.accounts.clear();
		assertThat(this.accounts.find("siti")).isEmpty();
		this.store.away = true;
		assertThat(this.accounts.find("siti")).as("removed before the outage").isEmpty();

		this.store.away = false;
		this.store.broken = true;
		RememberedSignInAccounts fresh = new RememberedSignInAccounts(this.store, this.store::all, Duration.ofHours(24),
				Clock.fixed(this.now, ZoneOffset.UTC));
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> fresh.find("siti"));
	}

	@Test
	void whileTheDatabaseIsAwayTriesItOnlyEveryFewSeconds() {
		java.util.concurrent.atomic.AtomicReference<Instant> time = new java.util.concurrent.atomic.AtomicReference<>(
				this.now);
		Clock clock = new Clock() {
			@Override
			public java.time.ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return time.get();
			}
		};
		RememberedSignInAccounts accounts = new RememberedSignInAccounts(this.store, this.store::all,
				Duration.ofHours(24), clock);
		this.store.put("siti", "hash-1");
		accounts.refresh();
		this.store.away = true;
		accounts.find("siti");
		int tries = this.store.tries;

		accounts.find("siti");
		assertThat(this.store.tries).as("within the retry interval").isEqualTo(tries);
		time.set(this.now.plus(RememberedSignInAccounts.RETRY_EVERY));
		accounts.find("siti");
		assertThat(this.store.tries).isEqualTo(tries + 1);
	}

	@Test
	void anAccountReadLongerAgoThanTheMaximumAgeNoLongerSignsIn() {
		this.store.put("siti", "hash-1");
		RememberedSignInAccounts old = new RememberedSignInAccounts(this.store, this.store::all, Duration.ofHours(1),
				Clock.fixed(this.now, ZoneOffset.UTC));
		old.refresh();
		RememberedSignInAccounts later = new RememberedSignInAccounts(this.store, this.store::all, Duration.ofHours(1),
				Clock.fixed(this.now.plus(Duration.ofHours(2)), ZoneOffset.UTC));
		this.store.away = true;
		assertThat(later.find("siti")).isEmpty();
		assertThat(old.find("siti")).isPresent();
	}

	/** The accounts' table, which can be away or broken. */
	static class Store implements SignInAccounts {

		final Map<String, SignInAccount> accounts = new HashMap<>();

		boolean away;

		boolean broken;

		int tries;

		void put(String username, String hash) {
			this.accounts.put(username,
					new SignInAccount(User.withUsername(username).password(hash).roles("OPERATOR").build(), 0, null));
		}

		List<SignInAccount> all() {
			check();
			return List.copyOf(this.accounts.values());
		}

		@Override
		public Optional<SignInAccount> find(String username) {
			check();
			SignInAccount account = this.accounts.get(username);
			return (account != null) ? Optional.of(new SignInAccount(User.withUserDetails(account.user()).build(),
					account.consecutiveFailures(), account.lockedUntil())) : Optional.empty();
		}

		@Override
		public void recordFailure(String username, IntFunction<Instant> lockedUntilAfter) {
			check();
			this.accounts.computeIfPresent(username, (name, account) -> new SignInAccount(account.user(),
					account.consecutiveFailures() + 1, lockedUntilAfter.apply(account.consecutiveFailures() + 1)));
		}

		@Override
		public void recordSuccess(String username) {
			check();
			this.accounts.computeIfPresent(username, (name, account) -> new SignInAccount(account.user(), 0, null));
		}

		private void check() {
			this.tries++;
			if (this.away) {
				throw new DataAccessResourceFailureException("Connection refused");
			}
			if (this.broken) {
				throw new DataIntegrityViolationException("not an outage");
			}
		}

	}

}
