package id.niksync.sync.partner;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import id.niksync.sync.access.InstitutionType;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The partner API.
 *
 * @param fields which fields each institution type sees and may verify; a type not listed
 * sees none
 * @param minVersionWait how long a lookup with {@code minVersion} waits for the replica
 * to catch up before answering {@code REPLICA_BEHIND}
 * @param minVersionPoll how often it looks while waiting
 * @param maxBatchSize the most NIKs in one batch verification
 * @param maxRequestSize the largest request body accepted
 * @param rateLimit how the institutions' rates are shared by the instances
 * @param lookup how many lookups read the replica at once
 * @param maxInFlight the most requests of one institution in progress on one instance;
 * one beyond them is answered {@code 429 TOO_MANY_IN_FLIGHT} before its body is read
 */
@ConfigurationProperties("niksync.partner")
record PartnerProperties(Map<InstitutionType, Set<ResidentField>> fields, @DefaultValue("2s") Duration minVersionWait,
		@DefaultValue("100ms") Duration minVersionPoll, @DefaultValue("1000") int maxBatchSize,
		@DefaultValue("1MB") DataSize maxRequestSize, @DefaultValue RateLimit rateLimit, @DefaultValue Lookup lookup,
		@DefaultValue("32") int maxInFlight) {

	PartnerProperties {
		fields = (fields != null) ? Map.copyOf(fields) : Map.of();
	}

	Set<ResidentField> fieldsOf(InstitutionType type) {
		return this.fields.getOrDefault(type, Set.of());
	}

	/**
	 * An institution's requests per second hold across all instances: each leases permits
	 * from the institution's token bucket in the database and spends them in memory
	 * (README, "Rate limits across instances").
	 *
	 * @param leasePeriod a lease asks for the permits of this much of the rate (at least
	 * one): each instance may admit up to that many above the rate, and the database is
	 * asked about once per that many requests
	 * @param leaseLifetime leased permits not spent within this go back to the bucket
	 * with the instance's next lease
	 * @param leaseTimeout the most a request waits for a lease; a lease that takes
	 * longer, or fails, counts as the database being away
	 * @param fallbackFor while the database is away, each instance limits an institution
	 * to its rate on its own for this long before it asks the database again
	 */
	record RateLimit(@DefaultValue("100ms") Duration leasePeriod, @DefaultValue("1s") Duration leaseLifetime,
			@DefaultValue("1s") Duration leaseTimeout, @DefaultValue("5s") Duration fallbackFor) {

	}

	/**
	 * Lookups reading the replica ({@link ResidentLookup}), per instance.
	 *
	 * @param concurrency the most reading at once in turn; the rest wait, first come
	 * first served
	 * @param turnWait the most a lookup waits for its turn; then it reads without one if
	 * fewer than {@code maxReads} read
	 * @param maxReads the most replica reads of lookups at once, turns and
	 * {@code minVersion} polls included, so that reads stuck behind a lock or a stalled
	 * server never hold every connection of the pool; a lookup beyond it is answered
	 * {@code 503 LOOKUPS_BUSY}
	 * @param readTimeout the longest a lookup's read may take (whole seconds, JDBC's
	 * query timeout); then it is cancelled and answered {@code 503 LOOKUP_TIMED_OUT}
	 * @param maxVersionWaits the most lookups waiting for a {@code minVersion} at once;
	 * one beyond it reads once, without waiting
	 */
	record Lookup(@DefaultValue("4") int concurrency, @DefaultValue("100ms") Duration turnWait,
			@DefaultValue("10") int maxReads, @DefaultValue("2s") Duration readTimeout,
			@DefaultValue("32") int maxVersionWaits) {

		Lookup {
			if (concurrency < 1) {
				throw new IllegalArgumentException("niksync.partner.lookup.concurrency must be at least 1");
			}
			if (turnWait.isNegative()) {
				throw new IllegalArgumentException("niksync.partner.lookup.turn-wait must not be negative");
			}
			if (maxReads < concurrency) {
				throw new IllegalArgumentException("niksync.partner.lookup.max-reads (" + maxReads
						+ ") must be at least niksync.partner.lookup.concurrency (" + concurrency + ")");
			}
			if (readTimeout.compareTo(Duration.ofSeconds(1)) < 0 || readTimeout.toNanos() % 1_000_000_000L != 0) {
				throw new IllegalArgumentException(
						"niksync.partner.lookup.read-timeout must be whole seconds, at least 1s (JDBC's query timeout)");
			}
			if (maxVersionWaits < 0) {
				throw new IllegalArgumentException("niksync.partner.lookup.max-version-waits must not be negative");
			}
		}

		int readTimeoutSeconds() {
			return Math.toIntExact(this.readTimeout.toSeconds());
		}

	}

}
