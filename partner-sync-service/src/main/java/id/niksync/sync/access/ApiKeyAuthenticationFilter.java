package id.niksync.sync.access;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import id.niksync.access.DatabaseUnavailable;
import id.niksync.access.ProblemWriter;
import id.niksync.access.SecurityProblems;
import id.niksync.access.SecurityProblems.Challenge;
import id.niksync.access.RequestHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs a partner in from {@code Authorization: ApiKey <key>}. A key that does not open
 * anything, or a second {@code Authorization} header on any route (beside a key or an
 * operator's sign-in alike), is answered 401 at once; a request without such a header
 * goes on unsigned (and is refused later if its route needs a partner). Both count
 * against the client address's {@link UnauthenticatedRequestLimits}: over it, they are
 * answered 429 before the key is looked up or anything is written. While the replica
 * database, which holds the keys, is known to be away, a presented key is answered
 * {@code 503 DATABASE_UNAVAILABLE} at once.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String SCHEME = "ApiKey";

	/** What a partner route refused for want of a key asks for. */
	static final Challenge CHALLENGE = new Challenge(SCHEME,
			"A valid API key is required: Authorization: " + SCHEME + " <key>");

	private final ApiKeys keys;

	private final SecurityProblems problems;

	private final UnauthenticatedRequestLimits limits;

	private final BooleanSupplier replicaKnownAway;

	private final ProblemWriter writer;

	ApiKeyAuthenticationFilter(ApiKeys keys, SecurityProblems problems, ProblemWriter writer,
			UnauthenticatedRequestLimits limits, BooleanSupplier replicaKnownAway) {
		this.keys = keys;
		this.writer = writer;
		this.replicaKnownAway = replicaKnownAway;
		this.problems = problems;
		this.limits = limits;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = PresentedApiKey.of(request);
		if (RequestHeaders.moreThanOne(request, HttpHeaders.AUTHORIZATION)) {
			// two credentials, two callers, whichever scheme each names and on any
			// route (an operator's too): neither is chosen
			SecurityContextHolder.clearContext();
			if (admitted(request, response)) {
				this.problems.commence(request, response,
						new BadCredentialsException("More than one Authorization header"));
			}
			return;
		}
		if (key == null) {
			if (!PresentedApiKey.isPartnerRoute(request) || admitted(request, response)) {
				chain.doFilter(request, response);
			}
			return;
		}
		if (this.replicaKnownAway.getAsBoolean()) {
			// the keys are in the replica database: a lookup would only wait for it
			this.writer.write(request, response, DatabaseUnavailable.knownAway());
			return;
		}
		// Counting before the lookup would be cheaper, but a flood would then lock out
		// a partner sharing its address: only keys that fail count.
		Optional<AuthenticatedInstitution> institution = this.keys.authenticate(key);
		if (institution.isEmpty()) {
			SecurityContextHolder.clearContext();
			if (admitted(request, response)) {
				this.problems.commence(request, response,
						new BadCredentialsException("Unknown, revoked or expired key"));
			}
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new InstitutionAuthentication(institution.get()));
		SecurityContextHolder.setContext(context);
		request.setAttribute(AuthenticatedInstitution.REQUEST_ATTRIBUTE, institution.get());
		chain.doFilter(request, response);
	}

	/** Takes a permit for the client's address, or answers 429. */
	private boolean admitted(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Optional<Duration> wait = this.limits.acquire(request.getRemoteAddr());
		if (wait.isPresent()) {
			this.problems.rateLimited(request, response, wait.get());
			return false;
		}
		return true;
	}

}
