package id.niksync.registry.access;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

import id.niksync.registry.system.ProblemWriter;
import id.niksync.registry.system.Problems;
import id.niksync.registry.system.SecurityProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a state-changing request a browser sent on behalf of another site: its
 * {@code Origin} is not this service's, or {@code Sec-Fetch-Site} says cross-site.
 * Programs (curl, partner-sync) send neither header and pass.
 */
class CrossSiteRequestFilter extends OncePerRequestFilter {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final SecurityProblems problems;

	CrossSiteRequestFilter(SecurityProblems problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!SAFE_METHODS.contains(request.getMethod()) && crossSite(request)) {
			this.problems.write(request, response, Problems.of(HttpStatus.FORBIDDEN, "CROSS_SITE_REQUEST",
					"A request from another site's page may not change anything here"));
			return;
		}
		chain.doFilter(request, response);
	}

	static boolean crossSite(HttpServletRequest request) {
		String fetchSite = request.getHeader("Sec-Fetch-Site");
		if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
			return true;
		}
		String origin = request.getHeader("Origin");
		return origin != null && !sameOrigin(origin, request);
	}

	private static boolean sameOrigin(String origin, HttpServletRequest request) {
		try {
			URI uri = URI.create(origin);
			int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
			return request.getScheme().equalsIgnoreCase(uri.getScheme())
					&& request.getServerName().equalsIgnoreCase(uri.getHost()) && request.getServerPort() == port;
		}
		catch (IllegalArgumentException ex) {
			// "null" (a sandboxed page) and anything unparseable is not this service.
			return false;
		}
	}

}
