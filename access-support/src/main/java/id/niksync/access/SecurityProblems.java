package id.niksync.access;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * 401, 403, 429, 503 and firewall refusals as problem details with a stable code, like
 * every other error. Which sign-in a route expects is the security configuration's to
 * say; this only answers with it.
 */
public class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

	/** A request refused for its URL or headers, before any route is chosen. */
	static final String REQUEST_REJECTED = "REQUEST_REJECTED";

	private final ProblemWriter problems;

	private final Function<HttpServletRequest, Challenge> challenges;

	private final Function<HttpServletRequest, Optional<Duration>> rejectionLimit;

	/**
	 * @param challenges the sign-in a refused request should have made
	 */
	public SecurityProblems(ProblemWriter problems, Function<HttpServletRequest, Challenge> challenges) {
		this(problems, challenges, (request) -> Optional.empty());
	}

	/**
	 * @param challenges the sign-in a refused request should have made
	 * @param rejectionLimit takes a permit for a request the firewall refuses, or says
	 * how long to wait for one: over it, the refusal is answered 429 instead
	 */
	public SecurityProblems(ProblemWriter problems, Function<HttpServletRequest, Challenge> challenges,
			Function<HttpServletRequest, Optional<Duration>> rejectionLimit) {
		this.problems = problems;
		this.challenges = challenges;
		this.rejectionLimit = rejectionLimit;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (ex instanceof SignInThrottledException throttled) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Problems.retryAfterSeconds(throttled.retryAfter()));
			this.problems.write(request, response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
					"Too many refused sign-ins from this address; try again later"));
			return;
		}
		if (ex instanceof PasswordChecksBusyException busy) {
			// The credentials were neither accepted nor refused: no challenge.
			response.setHeader(HttpHeaders.RETRY_AFTER, busy.retryAfterSeconds());
			this.problems.write(request, response, busy.problem());
			return;
		}
		if (DatabaseUnavailable.causedBy(ex)) {
			// A provider that wraps its store's failure (InternalAuthenticationService…):
			// the credentials were never checked, so this is no 401.
			this.problems.write(request, response, DatabaseUnavailable.response(ex));
			return;
		}
		Challenge challenge = this.challenges.apply(request);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge.wwwAuthenticate());
		this.problems.write(request, response,
				Problems.of(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", challenge.detail()));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		this.problems.write(request, response,
				Problems.of(HttpStatus.FORBIDDEN, "FORBIDDEN", "These credentials do not allow this request"));
	}

	/**
	 * Too many requests from a caller that could not be identified (the limit per client
	 * address).
	 */
	public void rateLimited(HttpServletRequest request, HttpServletResponse response, Duration retryAfter)
			throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, Problems.retryAfterSeconds(retryAfter));
		this.problems.write(request, response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
				"Too many requests without a valid API key from this address"));
	}

	/**
	 * A URL the firewall refuses (encoded slashes, percent signs, NUL …), or a header
	 * value (control characters).
	 */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
			throws IOException {
		Optional<Duration> wait = this.rejectionLimit.apply(request);
		if (wait.isPresent()) {
			rateLimited(request, response, wait.get());
			return;
		}
		this.problems.write(request, response, Problems.of(HttpStatus.BAD_REQUEST, REQUEST_REJECTED,
				"The request URL or a header value is not acceptable"));
	}

	/**
	 * @param wwwAuthenticate the {@code WWW-Authenticate} header of the 401
	 * @param detail how to sign in, in words
	 */
	public record Challenge(String wwwAuthenticate, String detail) {
	}

}
