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
 * institution's next request.
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
		return limiter.acquirePermission() ? Optional.empty() : Optional.of(PERIOD);
	}

}
