package id.niksync.sync.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Requests without a valid API key, limited per client address, so that nobody can make
 * the service look up keys and write audit rows as fast as they can send. A token bucket
 * per address; IPv6 addresses count per /64, since one host commonly holds a whole /64.
 * At most {@code trackedAddresses} buckets are kept, the least recently used forgotten
 * first, so varying the address costs memory only up to that bound (a forgotten address
 * starts again with a full burst).
 */
@Component
class UnauthenticatedRequestLimits {

	private static final long NANOS_PER_SECOND = Duration.ofSeconds(1).toNanos();

	private final AccessProperties.UnauthenticatedLimit limit;

	private final LongSupplier nanoTime;

	private final Map<String, Bucket> buckets;

	@Autowired
	UnauthenticatedRequestLimits(AccessProperties properties) {
		this(properties.unauthenticatedLimit(), System::nanoTime);
	}

	UnauthenticatedRequestLimits(AccessProperties.UnauthenticatedLimit limit, LongSupplier nanoTime) {
		this.limit = limit;
		this.nanoTime = nanoTime;
		this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
				return size() > limit.trackedAddresses();
			}
		};
	}

	/** Takes a permit for the address, or says how long to wait for the next one. */
	Optional<Duration> acquire(String remoteAddress) {
		String client = clientOf(remoteAddress);
		long now = this.nanoTime.getAsLong();
		synchronized (this.buckets) {
			Bucket bucket = this.buckets.computeIfAbsent(client, (key) -> new Bucket(this.limit.burst(), now));
			return bucket.take(now, this.limit);
		}
	}

	int trackedAddresses() {
		synchronized (this.buckets) {
			return this.buckets.size();
		}
	}

	/** The address itself, or the /64 of an IPv6 address. */
	static String clientOf(String remoteAddress) {
		if (remoteAddress == null || remoteAddress.indexOf(':') < 0) {
			return String.valueOf(remoteAddress);
		}
		try {
			// An address literal: parsed, never looked up.
			byte[] bytes = InetAddress.getByName(remoteAddress).getAddress();
			return (bytes.length == 16) ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : remoteAddress;
		}
		catch (UnknownHostException ex) {
			return remoteAddress;
		}
	}

	private static final class Bucket {

		private double tokens;

		private long refilledAt;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.refilledAt = now;
		}

		Optional<Duration> take(long now, AccessProperties.UnauthenticatedLimit limit) {
			double perNano = (double) limit.requestsPerSecond() / NANOS_PER_SECOND;
			this.tokens = Math.min(limit.burst(), this.tokens + (now - this.refilledAt) * perNano);
			this.refilledAt = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return Optional.empty();
			}
			return Optional.of(Duration.ofNanos((long) Math.ceil((1 - this.tokens) / perNano)));
		}

	}

}
