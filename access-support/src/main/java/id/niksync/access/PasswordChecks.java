package id.niksync.access;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * At most so many full password checks (BCrypt) at once, whoever asks. A check takes
 * about 80 ms of one core at cost 10, and a request with made-up credentials costs one
 * (also for a name no account has, so that the time taken tells nothing): sign-ins from
 * many addresses at once, each below its own refused sign-in limit
 * ({@link SignInThrottle}), took both cores of the development machine and slowed every
 * other request, partner lookups included, tenfold. Past the bound a check waits at most
 * {@code wait} for its turn, if no more than {@link #MAX_WAITING} wait already; one that
 * does not get a turn is turned away unchecked ({@link PasswordChecksBusyException}: 503,
 * no audit row, no lockout count, nothing learnt about the password). Waiting holds a
 * server thread: with 400 addresses flooding, waits of a second each took the threads and
 * every request, remembered or not, waited a second for one (attack run, 2026-12-05).
 * Remembered checks ({@link RecentlyVerifiedPasswords}) never come here, so clients
 * already signed in are not held up, nor is anything that needs no password.
 * <p>
 * Encoding (setting a password) is not bounded: only signed-in administrators and users
 * changing their own password do it, under their rate limits.
 */
public final class PasswordChecks implements PasswordEncoder {

	private static final Logger logger = LoggerFactory.getLogger(PasswordChecks.class);

	private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final PasswordEncoder passwords;

	/**
	 * The most checks waiting for a turn; more are turned away at once. Each holds a
	 * server thread (Tomcat has 200): this leaves most of them to everything else, and a
	 * flood's requests that wait are requests it does not send meanwhile.
	 */
	static final int MAX_WAITING = 64;

	private final Semaphore turns;

	private final AtomicInteger waiting = new AtomicInteger();

	private final int atOnce;

	private final Duration wait;

	private final AtomicLong turnedAway = new AtomicLong();

	private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

	private final AtomicLong turnedAwaySinceLog = new AtomicLong();

	/**
	 * @param passwords the full check (BCrypt)
	 * @param atOnce the most checks running at once
	 * @param wait the longest a check waits for its turn
	 */
	public PasswordChecks(PasswordEncoder passwords, int atOnce, Duration wait) {
		if (atOnce < 1 || wait.isNegative()) {
			throw new IllegalArgumentException(
					"Password checks need at least 1 at once and a wait of zero or more, not " + atOnce + " and "
							+ wait);
		}
		this.passwords = passwords;
		this.atOnce = atOnce;
		this.wait = wait;
		this.turns = new Semaphore(atOnce, true);
	}

	/**
	 * The configured checks at once, checked, or half this JVM's processors (at least
	 * one) when not configured: the rest stay for everything else.
	 * @throws IllegalArgumentException for fewer than one, or a negative wait
	 */
	public static int atOnce(Integer configured, Duration wait) {
		if ((configured != null && configured < 1) || wait.isNegative()) {
			throw new IllegalArgumentException(
					"password-checks-at-once must be at least 1 and password-check-wait 0 or more");
		}
		return (configured != null) ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return this.passwords.encode(rawPassword);
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		boolean turn = false;
		if (this.waiting.incrementAndGet() <= MAX_WAITING) {
			try {
				turn = this.turns.tryAcquire(this.wait.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.waiting.decrementAndGet();
		if (!turn) {
			throw busy();
		}
		try {
			return this.passwords.matches(rawPassword, encodedPassword);
		}
		finally {
			this.turns.release();
		}
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return this.passwords.upgradeEncoding(encodedPassword);
	}

	/** Checks turned away since the start. */
	public long turnedAway() {
		return this.turnedAway.get();
	}

	/** Checks running now. */
	public int running() {
		return this.atOnce - this.turns.availablePermits();
	}

	private PasswordChecksBusyException busy() {
		this.turnedAway.incrementAndGet();
		long since = this.turnedAwaySinceLog.incrementAndGet();
		long now = System.nanoTime();
		long last = this.lastLogged.get();
		if (now - last >= LOG_EVERY_NANOS && this.lastLogged.compareAndSet(last, now)) {
			this.turnedAwaySinceLog.addAndGet(-since);
			logger.warn(
					"Turned away {} password checks unchecked since the last warning: {} running, up to {} "
							+ "waiting at most {} ms each (a flood of made-up credentials?)",
					since, this.atOnce, MAX_WAITING, this.wait.toMillis());
		}
		return new PasswordChecksBusyException(Duration.ofSeconds(1));
	}

}
