package id.niksync.access;

import java.io.IOException;

import id.niksync.identity.Nik;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code 503 DATABASE_UNAVAILABLE} for a database outage met before any
 * controller: a sign-in that reads its account, an API key lookup, an audit filter.
 * Spring Security lets such failures through as they are (they are no
 * {@code AuthenticationException}), and without this they would reach the container as a
 * 500. Registered outside Spring Security's filter chain, so it sees every route;
 * controllers' outages are the services' exception handlers' to answer.
 */
public class DatabaseUnavailableFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

	private final ProblemWriter problems;

	public DatabaseUnavailableFilter(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException ex) {
			if (!DatabaseUnavailable.causedBy(ex) || response.isCommitted()) {
				throw ex;
			}
			log.warn("{} {}: database unavailable or busy, answered 503 {} ({})", request.getMethod(),
					Nik.maskWithin(request.getRequestURI()), DatabaseUnavailable.code(ex),
					DatabaseUnavailable.describe(ex));
			response.resetBuffer();
			this.problems.write(request, response, DatabaseUnavailable.response(ex));
		}
	}

}
