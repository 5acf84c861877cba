package id.niksync.sync.access;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import id.niksync.access.DatabaseUnavailable;
import id.niksync.access.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the replica database is known to be away (its breaker open, or half-open with the
 * deciding probe out), a route that needs it is answered {@code 503 DATABASE_UNAVAILABLE}
 * at once instead of waiting for a connection that a hung database never gives: a paused
 * server accepts connections and never answers, so without this a request would hold a
 * server thread for as long as the database hangs. What needs no database still answers:
 * the sync status (from the latest sample), the dashboard's files, health, the API
 * description. It runs after authorisation, so a caller who may not use a route still
 * learns nothing but 401 or 403.
 */
class ReplicaAwayFilter extends OncePerRequestFilter {

	/** Paths that answer without the replica database. */
	private static final Set<String> PATHS_WITHOUT_DATABASE = Set.of("/ops", "/ops/", "/ops/sync-status", "/error",
			"/v3/api-docs", "/v3/api-docs.yaml", "/swagger-ui.html");

	/** And everything under these. */
	private static final List<String> PREFIXES_WITHOUT_DATABASE = List.of("/ops/dashboard/", "/actuator/",
			"/v3/api-docs/", "/swagger-ui/");

	private final BooleanSupplier knownAway;

	private final ProblemWriter problems;

	ReplicaAwayFilter(BooleanSupplier knownAway, ProblemWriter problems) {
		this.knownAway = knownAway;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.knownAway.getAsBoolean() && needsDatabase(request)) {
			this.problems.write(request, response, DatabaseUnavailable.knownAway());
			return;
		}
		chain.doFilter(request, response);
	}

	static boolean needsDatabase(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !PATHS_WITHOUT_DATABASE.contains(path) && PREFIXES_WITHOUT_DATABASE.stream().noneMatch(path::startsWith);
	}

}
