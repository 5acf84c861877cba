package id.niksync.access;

import java.time.Duration;
import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Username and password sign-in with a lockout and an audit of every attempt. The
 * password is always checked (also for unknown and locked accounts, so the time taken
 * tells nothing), then: locked (a wrong password still counts), wrong password, disabled,
 * success. Every refusal is the same {@link BadCredentialsException}, so the caller
 * cannot tell which it was; the audit can.
 */
public class LockingAuthenticationProvider implements AuthenticationProvider {

	private static final String REFUSED = "Bad credentials";

	private final SignInAccounts accounts;

	private final PasswordEncoder passwords;

	private final SignInLockout lockout;

	private final SignInAuditor auditor;

	private volatile String unknownAccountHash;

	private final SignInThrottle throttle;

	/**
	 * Accounts a password check was turned away for lately ({@link PasswordChecks}):
	 * their passwords are checked in full, never from memory, for as long. Otherwise,
	 * while the checks are busy, a wrong guess was turned away (no failure counted, no
	 * audit row) and the right password, remembered from its owner's use, was accepted at
	 * once: a way to try passwords without a lockout.
	 */
	private final ExpiringMemory<String, Boolean> contested = new ExpiringMemory<>(Duration.ofMinutes(1), 10_000,
			System::nanoTime);

	public LockingAuthenticationProvider(SignInAccounts accounts, PasswordEncoder passwords, SignInLockout lockout,
			SignInAuditor auditor) {
		this(accounts, passwords, lockout, auditor, SignInThrottle.standard());
	}

	/**
	 * @param throttle refused sign-ins per client address; an address over it is turned
	 * away before anything else (no password check, no audit row)
	 */
	public LockingAuthenticationProvider(SignInAccounts accounts, PasswordEncoder passwords, SignInLockout lockout,
			SignInAuditor auditor, SignInThrottle throttle) {
		this.throttle = throttle;
		this.accounts = accounts;
		this.passwords = passwords;
		this.lockout = lockout;
		this.auditor = auditor;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String username = authentication.getName();
		String password = (authentication.getCredentials() != null) ? authentication.getCredentials().toString() : "";
		String client = (authentication.getDetails() instanceof WebAuthenticationDetails web) ? web.getRemoteAddress()
				: null;
		// No account has a NUL in its name (nor may any text PostgreSQL stores): looking
		// one up failed in the database and answered 500.
		Optional<SignInAccount> found = (username.indexOf('\0') >= 0) ? Optional.empty() : this.accounts.find(username);
		// Each sign-in holds one of its address's refusals while its password is checked,
		// so that a burst sent at once is bounded like one sent in turn.
		Duration wait = this.throttle.take(client);
		boolean taken = wait.isZero();
		// A throttled address is turned away for names no account has and for locked
		// accounts, without a password check: that is what a flood of guesses tries.
		// An account that may sign in is still checked, so the other users of a shared
		// address (partner-sync's service account, operators behind one proxy) keep
		// working while someone floods from it.
		if (!taken && (found.isEmpty() || this.lockout.isLocked(found.get().lockedUntil()))) {
			throw new SignInThrottledException(wait);
		}
		Attempt attempt = new Attempt(client, taken);
		try {
			UsernamePasswordAuthenticationToken signedIn = check(username, password, attempt, found);
			signedIn.setDetails(authentication.getDetails());
			return signedIn;
		}
		catch (PasswordChecksBusyException ex) {
			// Not refused, not audited, no failure counted; but an address that keeps
			// sending sign-ins nobody has time to check is throttled like one whose
			// sign-ins fail, or it could keep as many waiting as it likes.
			refuse(attempt);
			found.ifPresent((account) -> this.contested.remember(account.user().getUsername(), Boolean.TRUE));
			throw ex;
		}
		finally {
			// Signed in, or not refused: the account could not be read or updated.
			if (taken && !attempt.refused) {
				this.throttle.giveBack(client);
			}
		}
	}

	private UsernamePasswordAuthenticationToken check(String username, String password, Attempt attempt,
			Optional<SignInAccount> found) {
		if (found.isEmpty()) {
			matches(RecentlyVerifiedPasswords.inFull(this.passwords), password, unknownAccountHash());
			refuse(attempt);
			throw refused(username, SignInOutcome.FAILURE, attempt.client);
		}
		SignInAccount account = found.get();
		String name = account.user().getUsername();
		// An account that may not sign in is checked in full and never remembered, so
		// that the right password takes as long as a wrong one (a remembered one would
		// answer at once and confirm a guess while the account is locked).
		boolean locked = this.lockout.isLocked(account.lockedUntil());
		boolean maySignIn = !locked && account.user().isEnabled();
		boolean fromMemory = maySignIn && this.contested.recall(name) == null;
		boolean matches = matches(fromMemory ? this.passwords : RecentlyVerifiedPasswords.inFull(this.passwords),
				password, account.user().getPassword());
		if (!matches || !maySignIn) {
			refuse(attempt);
		}
		if (locked) {
			if (!matches) {
				failed(name);
			}
			throw refused(username, SignInOutcome.LOCKED, attempt.client);
		}
		if (!matches) {
			failed(name);
			throw refused(username, SignInOutcome.FAILURE, attempt.client);
		}
		if (!account.user().isEnabled()) {
			throw refused(username, SignInOutcome.DISABLED, attempt.client);
		}
		if (account.consecutiveFailures() > 0 || account.lockedUntil() != null) {
			this.accounts.recordSuccess(name);
		}
		this.auditor.record(new SignInAttempt(this.lockout.now(), name, SignInOutcome.SUCCESS, attempt.client));
		return UsernamePasswordAuthenticationToken.authenticated(account.user(), null, account.user().getAuthorities());
	}

	/** The attempt is refused: it keeps the refusal it took, or takes one now. */
	private void refuse(Attempt attempt) {
		attempt.refused = true;
		if (!attempt.taken) {
			this.throttle.refused(attempt.client);
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private void failed(String username) {
		this.accounts.recordFailure(username, (count) -> this.lockout.lockedUntilAfter(count).orElse(null));
	}

	private BadCredentialsException refused(String username, SignInOutcome outcome, String client) {
		this.auditor.record(new SignInAttempt(this.lockout.now(), username, outcome, client));
		return new BadCredentialsException(REFUSED);
	}

	/** A password BCrypt cannot check (over 72 bytes) is simply not the right one. */
	private static boolean matches(PasswordEncoder passwords, String password, String hash) {
		try {
			return passwords.matches(password, hash);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** One sign-in: whether it took one of its address's refusals, and was refused. */
	private static final class Attempt {

		private final String client;

		private final boolean taken;

		private boolean refused;

		Attempt(String client, boolean taken) {
			this.client = client;
			this.taken = taken;
		}

	}

	/** Made once, not by every sign-in that arrives before the first one is made. */
	private String unknownAccountHash() {
		String hash = this.unknownAccountHash;
		if (hash == null) {
			synchronized (this) {
				hash = this.unknownAccountHash;
				if (hash == null) {
					hash = this.passwords.encode("no account has this password");
					this.unknownAccountHash = hash;
				}
			}
		}
		return hash;
	}

}
