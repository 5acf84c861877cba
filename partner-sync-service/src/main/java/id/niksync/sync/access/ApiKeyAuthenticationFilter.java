package id.niksync.sync.access;

import java.io.IOException;
import java.util.Optional;

import id.niksync.sync.system.SecurityProblems.Challenge;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs a partner in from {@code Authorization: ApiKey <key>}. A key that does not open
 * anything is answered 401 at once; a request without such a header goes on unsigned (and
 * is refused later if its route needs a partner).
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String SCHEME = "ApiKey";

	/** What a partner route refused for want of a key asks for. */
	static final Challenge CHALLENGE = new Challenge(SCHEME,
			"A valid API key is required: Authorization: " + SCHEME + " <key>");

	private final ApiKeys keys;

	private final AuthenticationEntryPoint entryPoint;

	ApiKeyAuthenticationFilter(ApiKeys keys, AuthenticationEntryPoint entryPoint) {
		this.keys = keys;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = PresentedApiKey.of(request);
		if (key == null) {
			chain.doFilter(request, response);
			return;
		}
		Optional<AuthenticatedInstitution> institution = this.keys.authenticate(key);
		if (institution.isEmpty()) {
			SecurityContextHolder.clearContext();
			this.entryPoint.commence(request, response, new BadCredentialsException("Unknown, revoked or expired key"));
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new InstitutionAuthentication(institution.get()));
		SecurityContextHolder.setContext(context);
		request.setAttribute(AuthenticatedInstitution.REQUEST_ATTRIBUTE, institution.get());
		chain.doFilter(request, response);
	}

}
