package id.niksync.sync.reonline;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Partner re-online requests.
 *
 * @param requestsPerMinute the most re-online requests one institution may make within
 * any minute (all its instances together: they are counted in the database)
 * @param maxRejections rejections for one NIK within {@code rejectionWindow} after which
 * further requests for it are refused, whichever institutions asked
 * @param rejectionWindow how close together those rejections must be
 * @param refusalPeriod how long a NIK is refused, from the rejection that reached
 * {@code maxRejections}
 * @param pollInterval how often pending requests are compared with the replica: the most
 * a request waits to be marked ONLINE after its version is applied
 * @param expireAfter a request still pending this long after it was made is FAILED with
 * the reason
 * @param callbackMaxAttempts deliveries of a callback before it is given up (callback
 * FAILED; the request itself keeps its status)
 * @param callbackFirstBackoff the wait after the first failed delivery; doubled after
 * each further one
 * @param callbackMaxBackoff the longest wait between deliveries
 * @param callbackTimeout the most connecting to, and then waiting for, a callback may
 * take
 * @param callbackPorts the ports a callback URL may name (443 when it names none); at
 * least one
 * @param forwardRetryFor how long forwarding a request to a registry that cannot be asked
 * (unreachable, timed out, an unexpected answer) is retried before the request is FAILED
 * {@code REGISTRY_UNAVAILABLE}; less than {@code expireAfter}
 * @param forwardFirstBackoff the wait after the first failed forwarding; doubled after
 * each further one
 * @param forwardMaxBackoff the longest wait between forwardings
 */
@ConfigurationProperties("niksync.reonline")
record ReonlineProperties(@DefaultValue("10") int requestsPerMinute, @DefaultValue("3") int maxRejections,
		@DefaultValue("24h") Duration rejectionWindow, @DefaultValue("24h") Duration refusalPeriod,
		@DefaultValue("200ms") Duration pollInterval, @DefaultValue("10m") Duration expireAfter,
		@DefaultValue("8") int callbackMaxAttempts, @DefaultValue("10s") Duration callbackFirstBackoff,
		@DefaultValue("1h") Duration callbackMaxBackoff, @DefaultValue("5s") Duration callbackTimeout,
		@DefaultValue("2m") Duration forwardRetryFor, @DefaultValue("1s") Duration forwardFirstBackoff,
		@DefaultValue("15s") Duration forwardMaxBackoff, @DefaultValue( {
				"443", "8443" }) Set<Integer> callbackPorts){

	ReonlineProperties {
		if (requestsPerMinute < 1 || maxRejections < 1 || callbackMaxAttempts < 1) {
			throw new IllegalArgumentException(
					"niksync.reonline.requests-per-minute, max-rejections and callback-max-attempts must be at least 1");
		}
		if (callbackPorts.isEmpty()
				|| callbackPorts.stream().anyMatch((port) -> port == null || port < 1 || port > 65535)) {
			throw new IllegalArgumentException(
					"niksync.reonline.callback-ports must name at least one port, each from 1 to 65535");
		}
		if (forwardRetryFor.compareTo(expireAfter) >= 0) {
			throw new IllegalArgumentException(
					"niksync.reonline.forward-retry-for must be less than niksync.reonline.expire-after");
		}
	}

	/** The wait before delivery attempt {@code attempts + 1}. */
	Duration backoffAfter(int attempts) {
		return backoff(this.callbackFirstBackoff, this.callbackMaxBackoff, attempts);
	}

	/** The wait before forwarding attempt {@code attempts + 1}. */
	Duration forwardBackoffAfter(int attempts) {
		return backoff(this.forwardFirstBackoff, this.forwardMaxBackoff, attempts);
	}

	private static Duration backoff(Duration first, Duration max, int attempts) {
		Duration wait = first.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
		return (wait.compareTo(max) > 0) ? max : wait;
	}

}
