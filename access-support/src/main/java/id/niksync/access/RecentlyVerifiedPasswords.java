package id.niksync.access;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password encoder that remembers, for a few minutes, that a presented password matched
 * a stored hash, so that a client sending HTTP Basic with every request pays for BCrypt
 * once rather than on every call. Both services are stateless (no session), and BCrypt at
 * cost 10 took about 80 ms of CPU per request on the 2-core development machine: a
 * registry client sending 10 changes per request at 500 changes/s needed more CPU for
 * checking its password than the machine has.
 * <p>
 * What is remembered is an HMAC (with a key drawn at start and never stored) over the
 * stored hash and the password, never the password. A changed password changes the stored
 * hash, so the old one is checked by BCrypt again (and refused) at once; everything else
 * about the account (disabled, locked, roles) is read for every request as before, by
 * whoever calls this. Only successful checks are remembered: a wrong password always
 * costs a full BCrypt check and counts towards the lockout. The memory lasts
 * {@link #REMEMBERED_FOR} from the last time the password was presented, not from its
 * check: a client in use is never checked in full again, so that it does not have to wait
 * for a turn among the full checks ({@link PasswordChecks}) every few minutes while
 * made-up credentials flood them.
 */
public final class RecentlyVerifiedPasswords implements PasswordEncoder {

	/**
	 * How long a successful check is remembered after the password was last presented.
	 */
	public static final Duration REMEMBERED_FOR = Duration.ofMinutes(5);

	/** At most this many remembered checks; past that the oldest are forgotten first. */
	static final int CAPACITY = 10_000;

	private static final String HMAC = "HmacSHA256";

	private final PasswordEncoder passwords;

	private final SecretKeySpec secret;

	private final ThreadLocal<Mac> macs;

	private final ExpiringMemory<ByteBuffer, Boolean> verified;

	public RecentlyVerifiedPasswords(PasswordEncoder passwords) {
		this(passwords, Clock.systemUTC());
	}

	RecentlyVerifiedPasswords(PasswordEncoder passwords, Clock clock) {
		this.passwords = passwords;
		this.verified = new ExpiringMemory<>(REMEMBERED_FOR, CAPACITY,
				() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		this.secret = new SecretKeySpec(key, HMAC);
		this.macs = ThreadLocal.withInitial(this::newMac);
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return this.passwords.encode(rawPassword);
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		if (rawPassword == null || encodedPassword == null) {
			return this.passwords.matches(rawPassword, encodedPassword);
		}
		ByteBuffer check = check(rawPassword, encodedPassword);
		if (this.verified.recallRenewing(check) != null) {
			return true;
		}
		boolean matches = this.passwords.matches(rawPassword, encodedPassword);
		if (matches) {
			this.verified.remember(check, Boolean.TRUE);
		}
		return matches;
	}

	/**
	 * The encoder that always checks in full and remembers nothing: for accounts that may
	 * not sign in (locked, disabled), where a fast answer for the right password would
	 * tell a guesser it is right while the lockout is meant to stop the guessing.
	 */
	public static PasswordEncoder inFull(PasswordEncoder passwords) {
		return (passwords instanceof RecentlyVerifiedPasswords remembering) ? remembering.passwords : passwords;
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return this.passwords.upgradeEncoding(encodedPassword);
	}

	private ByteBuffer check(CharSequence rawPassword, String encodedPassword) {
		Mac mac = this.macs.get();
		mac.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
		mac.update((byte) 0);
		mac.update(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
		return ByteBuffer.wrap(mac.doFinal());
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(this.secret);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

}
