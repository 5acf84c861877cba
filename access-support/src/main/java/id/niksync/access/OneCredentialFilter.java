package id.niksync.access;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request that carries more than one {@code Authorization} header with 401,
 * before any sign-in reads one: two credentials are two callers, and Spring Security's
 * HTTP Basic would sign in whichever comes first, which a proxy or client that adds or
 * reorders headers decides, not the caller.
 */
public class OneCredentialFilter extends OncePerRequestFilter {

	private final SecurityProblems problems;

	public OneCredentialFilter(SecurityProblems problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (RequestHeaders.moreThanOne(request, HttpHeaders.AUTHORIZATION)) {
			SecurityContextHolder.clearContext();
			this.problems.commence(request, response,
					new BadCredentialsException("More than one Authorization header"));
			return;
		}
		chain.doFilter(request, response);
	}

}
