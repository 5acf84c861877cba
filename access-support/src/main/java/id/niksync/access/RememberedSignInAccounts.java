package id.niksync.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.userdetails.User;

/**
 * Sign-in that keeps working while the accounts' database is away: every account is read
 * at start and every refresh, and each sign-in refreshes the one it reads. While the
 * database cannot be reached, an account last read no longer than {@code maxAge} ago
 * signs in from memory, wrong passwords count and lock in memory, and a sign-in for a
 * name not remembered is refused as if the database had said it does not exist (operators
 * must be able to look at a service during the very outage they need to see). Any other
 * failure of the database is passed on.
 */
public class RememberedSignInAccounts implements SignInAccounts {

	private static final Logger log = LoggerFactory.getLogger(RememberedSignInAccounts.class);

	private final SignInAccounts store;

	private final Supplier<List<SignInAccount>> everyAccount;

	private final Duration maxAge;

	private final Clock clock;

	private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

	/** While the database is away, how often a sign-in tries it again. */
	static final Duration RETRY_EVERY = Duration.ofSeconds(5);

	private volatile boolean signingInFromMemory;

	private volatile Instant lastTried = Instant.MIN;

	private volatile BooleanSupplier knownAway = () -> false;

	private volatile BoundedWait bounded;

	/**
	 * What sign-ins did to accounts while the database was away, written to it when it
	 * answers again: a lockout earned during an outage outlives it.
	 */
	private final Map<String, Held> held = new ConcurrentHashMap<>();

	/**
	 * @param store the accounts' table
	 * @param everyAccount every account as sign-in needs it, for {@link #refresh}
	 * @param maxAge the oldest remembered account that may still sign in
	 * @param clock the time
	 */
	public RememberedSignInAccounts(SignInAccounts store, Supplier<List<SignInAccount>> everyAccount, Duration maxAge,
			Clock clock) {
		this.store = store;
		this.everyAccount = everyAccount;
		this.maxAge = maxAge;
		this.clock = clock;
	}

	/**
	 * What else knows the database is away (e.g. a circuit breaker around it): while it
	 * says so, sign-in answers from memory at once and does not wait for the database at
	 * all, even one that accepts connections and never answers.
	 */
	public void whileKnownAway(BooleanSupplier knownAway) {
		this.knownAway = knownAway;
	}

	/**
	 * Sign-in waits for the database at most as long as {@code bounded} allows, then
	 * answers from memory: a hung database would hold it otherwise, until something else
	 * (a breaker) knows the database is away.
	 */
	public void answerWithin(BoundedWait bounded) {
		this.bounded = bounded;
	}

	private <T> T fromStore(Supplier<T> call) {
		BoundedWait wait = this.bounded;
		return (wait != null) ? wait.call(call) : call.get();
	}

	/** Reads every account again; keeps what it remembers if the database is away. */
	public void refresh() {
		try {
			writeBackHeld();
			List<SignInAccount> accounts = this.everyAccount.get();
			Instant now = this.clock.instant();
			Map<String, Remembered> fresh = new ConcurrentHashMap<>();
			accounts.forEach((account) -> fresh.put(account.user().getUsername(), new Remembered(copy(account), now)));
			this.remembered.keySet().retainAll(fresh.keySet());
			this.remembered.putAll(fresh);
			backFromMemory();
		}
		catch (RuntimeException ex) {
			if (!DatabaseUnavailable.causedBy(ex)) {
				throw ex;
			}
			log.debug("Accounts not refreshed, the database is away: {}", ex.toString());
		}
	}

	@Override
	public Optional<SignInAccount> find(String username) {
		if (this.knownAway.getAsBoolean()) {
			if (!this.signingInFromMemory) {
				this.signingInFromMemory = true;
				log.warn("The accounts' database is known to be away: signing in from accounts read in the last {}",
						this.maxAge);
			}
			return fromMemory(username);
		}
		if (this.signingInFromMemory && this.clock.instant().isBefore(this.lastTried.plus(RETRY_EVERY))) {
			// Known to be away: answer now rather than wait a connection timeout each
			// time.
			return fromMemory(username);
		}
		this.lastTried = this.clock.instant();
		try {
			Optional<SignInAccount> found = fromStore(() -> {
				writeBackHeld();
				return this.store.find(username);
			});
			found.ifPresentOrElse((account) -> remember(account), () -> this.remembered.remove(username));
			backFromMemory();
			return found;
		}
		catch (RuntimeException ex) {
			if (!DatabaseUnavailable.causedBy(ex)) {
				throw ex;
			}
			if (!this.signingInFromMemory) {
				this.signingInFromMemory = true;
				log.warn("The accounts' database cannot be reached ({}): signing in from accounts read in the last {}",
						ex.getClass().getSimpleName(), this.maxAge);
			}
			return fromMemory(username);
		}
	}

	private Optional<SignInAccount> fromMemory(String username) {
		Remembered known = this.remembered.get(username);
		if (known == null || known.readAt().isBefore(this.clock.instant().minus(this.maxAge))) {
			return Optional.empty();
		}
		return Optional.of(copy(known.account()));
	}

	@Override
	public void recordFailure(String username, IntFunction<Instant> lockedUntilAfter) {
		if (this.knownAway.getAsBoolean()) {
			failedInMemory(username, lockedUntilAfter);
			return;
		}
		try {
			fromStore(() -> {
				this.store.recordFailure(username, lockedUntilAfter);
				return null;
			});
		}
		catch (RuntimeException ex) {
			if (!DatabaseUnavailable.causedBy(ex)) {
				throw ex;
			}
			failedInMemory(username, lockedUntilAfter);
		}
	}

	/** Counted here until the database is back: a guesser gets no more tries. */
	private void failedInMemory(String username, IntFunction<Instant> lockedUntilAfter) {
		this.remembered.computeIfPresent(username, (name, known) -> {
			int failures = known.account().consecutiveFailures() + 1;
			Instant lock = lockedUntilAfter.apply(failures);
			Instant before = known.account().lockedUntil();
			Instant until = (before != null && (lock == null || before.isAfter(lock))) ? before : lock;
			// written later with the lock as it was earned now, not as the later write
			// would compute it
			IntFunction<Instant> asEarned = (count) -> (lockedUntilAfter.apply(count) != null && until != null) ? until
					: lockedUntilAfter.apply(count);
			this.held.merge(name, new Held(false, 1, asEarned),
					(earlier, now) -> new Held(earlier.reset(), earlier.failures() + 1, asEarned));
			return new Remembered(new SignInAccount(known.account().user(), failures, until), known.readAt());
		});
	}

	@Override
	public void recordSuccess(String username) {
		if (this.knownAway.getAsBoolean()) {
			succeededInMemory(username);
			return;
		}
		try {
			fromStore(() -> {
				this.store.recordSuccess(username);
				return null;
			});
		}
		catch (RuntimeException ex) {
			if (!DatabaseUnavailable.causedBy(ex)) {
				throw ex;
			}
			succeededInMemory(username);
		}
	}

	private void succeededInMemory(String username) {
		this.remembered.computeIfPresent(username, (name, known) -> {
			this.held.put(name, new Held(true, 0, null));
			return new Remembered(new SignInAccount(known.account().user(), 0, null), known.readAt());
		});
	}

	/**
	 * Writes what sign-ins did while the database was away, in the order it happened: a
	 * success (which reset the count) first, then the wrong passwords after it. Each
	 * account's entry is taken before it is written, so two sign-ins never write it
	 * twice; if the database fails meanwhile, what was not written is held again.
	 */
	private void writeBackHeld() {
		for (String username : List.copyOf(this.held.keySet())) {
			Held outcomes = this.held.remove(username);
			if (outcomes == null) {
				continue;
			}
			int written = 0;
			boolean resetWritten = !outcomes.reset();
			try {
				if (!resetWritten) {
					this.store.recordSuccess(username);
					resetWritten = true;
				}
				for (; written < outcomes.failures(); written++) {
					this.store.recordFailure(username, outcomes.lockedUntilAfter());
				}
			}
			catch (RuntimeException ex) {
				Held rest = new Held(!resetWritten, outcomes.failures() - written, outcomes.lockedUntilAfter());
				this.held.merge(username, rest,
						(later, earlier) -> new Held(earlier.reset() || later.reset(),
								later.reset() ? later.failures() : earlier.failures() + later.failures(),
								later.lockedUntilAfter()));
				throw ex;
			}
		}
	}

	/**
	 * @param reset a sign-in worked, which forgets the wrong passwords before it
	 * @param failures wrong passwords after that
	 * @param lockedUntilAfter the lock for a consecutive count
	 */
	private record Held(boolean reset, int failures, IntFunction<Instant> lockedUntilAfter) {
	}

	private void remember(SignInAccount account) {
		this.remembered.put(account.user().getUsername(), new Remembered(copy(account), this.clock.instant()));
	}

	/**
	 * A copy: the account's user becomes the principal of a sign-in, and Spring Security
	 * erases the password of the principal it hands out, which must not be the one kept
	 * here.
	 */
	private static SignInAccount copy(SignInAccount account) {
		return new SignInAccount(User.withUserDetails(account.user()).build(), account.consecutiveFailures(),
				account.lockedUntil());
	}

	private void backFromMemory() {
		if (this.signingInFromMemory) {
			this.signingInFromMemory = false;
			log.info("The accounts' database answers again: signing in from it");
		}
	}

	private record Remembered(SignInAccount account, Instant readAt) {
	}

}
