package id.niksync.sync.access;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import id.niksync.access.ProblemWriter;
import id.niksync.access.SecurityProblems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * {@link SecurityProblems}, where a partner request the firewall refuses first takes a
 * permit of the limit per client address ({@link UnauthenticatedRequestLimits}), as a
 * request without a valid key does. It is refused before any key is checked, and its
 * refusal is audited (the partner gate), so without the limit anyone could add rows to
 * the partner audit as fast as they can send. Over the limit it is answered 429, which is
 * not audited. A partner with a valid key is not held back by it: a valid key takes no
 * permit, and a request refused for a header value once its key is known counts against
 * its institution's limit instead.
 */
final class PartnerSecurityProblems extends SecurityProblems {

	private final UnauthenticatedRequestLimits limits;

	PartnerSecurityProblems(ProblemWriter problems, Challenge partner, Challenge operator,
			UnauthenticatedRequestLimits limits) {
		super(problems, (request) -> ApiKeyAuthenticationFilter.isPartnerRoute(request) ? partner : operator);
		this.limits = limits;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
			throws IOException {
		// Refused as its headers were read: after the key was checked, and counted by the
		// institution's limit (the partner gate takes a permit before it reads them).
		boolean authenticated = request.getAttribute(AuthenticatedInstitution.REQUEST_ATTRIBUTE) != null;
		if (ApiKeyAuthenticationFilter.isPartnerRoute(request) && !authenticated) {
			Optional<Duration> wait = this.limits.acquire(request.getRemoteAddr());
			if (wait.isPresent()) {
				rateLimited(request, response, wait.get());
				return;
			}
		}
		super.handle(request, response, ex);
	}

}
