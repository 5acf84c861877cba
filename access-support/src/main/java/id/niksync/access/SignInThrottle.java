package id.niksync.access;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Refused sign-ins per client address, as a token bucket: an address may fail
 * {@code burst} times at once and then one more time per {@code refill}. Beyond that its
 * sign-ins are turned away before the password is checked, so a flood of guesses costs no
 * BCrypt time, writes no audit row and cannot keep re-locking an account faster than the
 * bucket refills. Successful sign-ins take nothing, so a partner of the same address who
 * knows their password is held up only while the flood lasts.
 * <p>
 * A sign-in holds one refusal from before its password is checked ({@link #take}) until
 * it is known to have succeeded ({@link #giveBack}): without that, a burst of many
 * sign-ins sent at once all found the bucket full (none refused yet) and were all
 * checked.
 */
public final class SignInThrottle {

	/** Beyond this many addresses, forget them all (an address-spraying flood). */
	private static final int MAX_ADDRESSES = 10_000;

	private final int burst;

	private final long refillNanos;

	private final LongSupplier nanoTime;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	public SignInThrottle(int burst, Duration refill) {
		this(burst, refill, System::nanoTime);
	}

	SignInThrottle(int burst, Duration refill, LongSupplier nanoTime) {
		if (burst < 1 || refill.isNegative() || refill.isZero()) {
			throw new IllegalArgumentException("A sign-in throttle needs a burst of at least 1 and a positive refill");
		}
		this.burst = burst;
		this.refillNanos = refill.toNanos();
		this.nanoTime = nanoTime;
	}

	/** 30 refused sign-ins at once, then one every 2 seconds. */
	public static SignInThrottle standard() {
		return new SignInThrottle(30, Duration.ofSeconds(2));
	}

	/**
	 * Takes one refusal ahead of a password check, if the address has one.
	 * @param address the client address, {@code null} when not known (never throttled)
	 * @return zero when taken (give it back with {@link #giveBack} unless the sign-in is
	 * refused), else how long the address must wait, and nothing was taken
	 */
	public Duration take(String address) {
		if (address == null) {
			return Duration.ZERO;
		}
		Bucket bucket = bucket(address);
		synchronized (bucket) {
			double tokens = bucket.tokensAt(this.nanoTime.getAsLong(), this.burst, this.refillNanos);
			if (tokens >= 1) {
				bucket.tokens = tokens - 1;
				return Duration.ZERO;
			}
			return Duration.ofNanos((long) ((1 - tokens) * this.refillNanos));
		}
	}

	/** Gives back what {@link #take} took: the sign-in was not refused. */
	public void giveBack(String address) {
		if (address == null) {
			return;
		}
		Bucket bucket = this.buckets.get(address);
		if (bucket == null) {
			return; // forgotten in between (an address-spraying flood)
		}
		synchronized (bucket) {
			bucket.tokens = Math.min(this.burst,
					bucket.tokensAt(this.nanoTime.getAsLong(), this.burst, this.refillNanos) + 1);
			if (bucket.tokens >= this.burst) {
				// nothing held or refused: as if never seen, so that clients signing in
				// do not fill the map (at 10,000 addresses it forgets them all)
				this.buckets.remove(address, bucket);
			}
		}
	}

	/** One refused sign-in from the address (one that took nothing ahead of it). */
	public void refused(String address) {
		if (address == null) {
			return;
		}
		Bucket bucket = bucket(address);
		synchronized (bucket) {
			bucket.take(this.nanoTime.getAsLong(), this.burst, this.refillNanos);
		}
	}

	private Bucket bucket(String address) {
		if (this.buckets.size() >= MAX_ADDRESSES && !this.buckets.containsKey(address)) {
			this.buckets.clear();
		}
		return this.buckets.computeIfAbsent(address, (key) -> new Bucket(this.burst, this.nanoTime.getAsLong()));
	}

	private static final class Bucket {

		private double tokens;

		private long at;

		Bucket(double tokens, long at) {
			this.tokens = tokens;
			this.at = at;
		}

		double tokensAt(long now, int burst, long refillNanos) {
			this.tokens = Math.min(burst, this.tokens + (double) (now - this.at) / refillNanos);
			this.at = now;
			return this.tokens;
		}

		void take(long now, int burst, long refillNanos) {
			this.tokens = Math.max(0, tokensAt(now, burst, refillNanos) - 1);
		}

	}

}
