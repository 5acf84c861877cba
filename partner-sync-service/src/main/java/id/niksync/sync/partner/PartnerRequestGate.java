package id.niksync.sync.partner;

import id.niksync.sync.access.AuthenticatedInstitution;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * What every partner request passes before its controller, in this order: the
 * institution's rate limit (so invalid requests count too), the body size, and a stated
 * purpose.
 */
class PartnerRequestGate implements HandlerInterceptor {

	private final PartnerRateLimits limits;

	private final PartnerProperties properties;

	PartnerRequestGate(PartnerRateLimits limits, PartnerProperties properties) {
		this.limits = limits;
		this.properties = properties;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		AuthenticatedInstitution institution = (AuthenticatedInstitution) request
			.getAttribute(AuthenticatedInstitution.REQUEST_ATTRIBUTE);
		if (institution != null) {
			this.limits.acquire(institution).ifPresent((wait) -> {
				throw new RateLimitedException(wait);
			});
		}
		if (request.getContentLengthLong() > this.properties.maxRequestSize().toBytes()) {
			throw new PayloadTooLargeException(this.properties.maxRequestSize());
		}
		String purpose = request.getHeader(PartnerApi.PURPOSE_HEADER);
		if (purpose == null || purpose.isBlank() || purpose.length() > PartnerApi.MAX_PURPOSE_LENGTH) {
			throw new PurposeRequiredException();
		}
		return true;
	}

}
