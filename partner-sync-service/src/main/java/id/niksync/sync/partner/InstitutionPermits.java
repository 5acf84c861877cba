package id.niksync.sync.partner;

import java.time.Duration;

/**
 * What one instance knows of one institution's rate, no database involved: the permits it
 * leased and has not spent, until when they may be spent, what the shared bucket held
 * when it last had too few, and the bucket of its own it uses while the database is away.
 * Times are {@link System#nanoTime()} values. Not thread-safe: its owner holds its
 * monitor.
 */
final class InstitutionPermits {

	private static final double NANOS_PER_SECOND = Duration.ofSeconds(1).toNanos();

	private final PartnerProperties.RateLimit settings;

	private int leased;

	private long leaseEndsAt;

	/**
	 * What the shared bucket held at {@link #knownAt} when it refused; NaN if it did not.
	 */
	private double knownTokens = Double.NaN;

	private long knownAt;

	private long fallbackUntil;

	private boolean fallback;

	private double localTokens;

	private long localAt;

	InstitutionPermits(PartnerProperties.RateLimit settings) {
		this.settings = settings;
	}

	/**
	 * Decides {@code permits} without the database if it can: from the local bucket while
	 * the database is away, from the lease, or refused while the shared bucket cannot
	 * have refilled enough since it last refused.
	 */
	Decision decide(int permits, int rate, long now) {
		if (this.fallback && now - this.fallbackUntil < 0) {
			return takeLocally(permits, rate, now);
		}
		this.fallback = false;
		if (this.leased >= permits && now - this.leaseEndsAt < 0) {
			this.leased -= permits;
			return Decision.ADMITTED;
		}
		if (!Double.isNaN(this.knownTokens)) {
			double estimate = Math.min(rate, this.knownTokens + rate * ((now - this.knownAt) / NANOS_PER_SECOND));
			// Ask again only once a block could be there, or the database is asked on
			// every refused request.
			int worthAsking = Math.max(permits, blockOf(rate));
			if (estimate < worthAsking) {
				return Decision.refused(secondsToDuration((worthAsking - estimate) / rate));
			}
		}
		return Decision.LEASE_NEEDED;
	}

	/**
	 * The lease to ask for: at least {@code permits}, a block if more, giving back what
	 * is left of the previous one (expired, or too few), which is no longer spent here.
	 */
	Ask ask(int permits, int rate, long now) {
		int returned = this.leased;
		this.leased = 0;
		return new Ask(returned, permits, Math.max(permits, blockOf(rate)), now);
	}

	/** Applies the database's answer to {@code ask}. */
	void leased(Ask ask, RateBuckets.Lease lease, long now) {
		if (lease.permits() > 0) {
			this.leased += lease.permits();
			// Counted from before the lease was asked for: spent within the lifetime of
			// when the database handed them out, whatever the round trip took.
			this.leaseEndsAt = ask.at() + this.settings.leaseLifetime().toNanos();
			this.knownTokens = Double.NaN;
		}
		else {
			this.knownTokens = lease.tokensLeft();
			this.knownAt = now;
		}
	}

	/**
	 * The database could not be asked: limits on this instance alone for a while.
	 * @return whether this instance was asking the database until now
	 */
	boolean databaseAway(int rate, long now) {
		this.fallbackUntil = now + this.settings.fallbackFor().toNanos();
		if (this.fallback) {
			return false;
		}
		this.fallback = true;
		this.localTokens = rate;
		this.localAt = now;
		this.knownTokens = Double.NaN;
		return true;
	}

	boolean usesLocalBucket(long now) {
		return this.fallback && now - this.fallbackUntil < 0;
	}

	/** A lease asks for a block of this many permits (at least one, at most the rate). */
	int blockOf(int rate) {
		double seconds = this.settings.leasePeriod().toNanos() / NANOS_PER_SECOND;
		return (int) Math.max(1, Math.min(rate, Math.ceil(rate * seconds)));
	}

	private Decision takeLocally(int permits, int rate, long now) {
		this.localTokens = Math.min(rate, this.localTokens + rate * ((now - this.localAt) / NANOS_PER_SECOND));
		this.localAt = now;
		if (this.localTokens >= permits) {
			this.localTokens -= permits;
			return Decision.ADMITTED;
		}
		return Decision.refused(secondsToDuration((permits - this.localTokens) / rate));
	}

	private static Duration secondsToDuration(double seconds) {
		return Duration.ofNanos((long) Math.ceil(seconds * NANOS_PER_SECOND));
	}

	/**
	 * A lease to ask the database for.
	 *
	 * @param returned unspent permits of the previous lease, given back
	 * @param need the fewest permits worth having
	 * @param want the most to take
	 * @param at when it was asked for
	 */
	record Ask(int returned, int need, int want, long at) {
	}

	/**
	 * Admitted, refused with how long to wait, or: only a lease can tell.
	 *
	 * @param outcome which of the three
	 * @param retryAfter how long to wait when refused
	 */
	record Decision(Outcome outcome, Duration retryAfter) {

		static final Decision ADMITTED = new Decision(Outcome.ADMITTED, Duration.ZERO);

		static final Decision LEASE_NEEDED = new Decision(Outcome.LEASE_NEEDED, Duration.ZERO);

		static Decision refused(Duration wait) {
			return new Decision(Outcome.REFUSED, wait);
		}

		enum Outcome {

			ADMITTED, REFUSED, LEASE_NEEDED

		}

	}

}
