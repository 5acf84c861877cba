package id.niksync.sync.partner;

import java.time.Duration;
import java.util.Optional;

import id.niksync.sync.access.AuthenticatedInstitution;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;

import org.springframework.stereotype.Component;

/**
 * One resilience4j rate limiter per institution, sized by its configured requests per
 * second, so one institution's burst never slows another. A changed rate applies from the
 * institution's next request. A request costs one permit, a batch verification one per
 * entry.
 */
@Component
class PartnerRateLimits {

	private static final Duration PERIOD = Duration.ofSeconds(1);

	private final RateLimiterRegistry registry;

	PartnerRateLimits(RateLimiterRegistry registry) {
		this.registry = registry;
	}

	/** Takes a permit, or says how long to wait for the next one. */
	Optional<Duration> acquire(AuthenticatedInstitution institution) {
		return acquire(institution, 1);
	}

	/**
	 * Takes {@code permits} permits at once, or none and says how long to wait. More
	 * permits than the institution's requests per second are never available.
	 */
	Optional<Duration> acquire(AuthenticatedInstitution institution, int permits) {
		RateLimiter limiter = this.registry.rateLimiter("partner-institution-" + institution.id(),
				() -> RateLimiterConfig.custom()
					.limitForPeriod(institution.requestsPerSecond())
					.limitRefreshPeriod(PERIOD)
					// Refuse at once rather than hold a request thread.
					.timeoutDuration(Duration.ZERO)
					.build());
		if (limiter.getRateLimiterConfig().getLimitForPeriod() != institution.requestsPerSecond()) {
			limiter.changeLimitForPeriod(institution.requestsPerSecond());
		}
		return limiter.acquirePermission(permits) ? Optional.empty() : Optional.of(PERIOD);
	}

}
