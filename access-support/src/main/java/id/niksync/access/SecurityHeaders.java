package id.niksync.access;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers Spring Security's header writer gives both services' answers (its defaults,
 * and {@code Referrer-Policy: no-referrer}), for the answers written where it does not
 * run: before Spring Security's filters (a body refused for its size), in its filter
 * chain's firewall (a URL it refuses), or by Tomcat itself (a request line it cannot
 * read). Without them such an answer could be cached or sniffed as another type. A header
 * already set is left as it is. {@code SecurityHeadersIntegrationTests} in each service
 * compare these with what Spring Security writes.
 */
public final class SecurityHeaders {

	/** As Spring Security 6 writes them by default. */
	private static final Map<String, String> EVERY_ANSWER = Map.of("X-Content-Type-Options", "nosniff",
			"X-XSS-Protection", "0", "Cache-Control", "no-cache, no-store, max-age=0, must-revalidate", "Pragma",
			"no-cache", "Expires", "0", "X-Frame-Options", "DENY", "Referrer-Policy", "no-referrer");

	/** Spring Security's default, on requests that came over TLS only. */
	private static final String HSTS = "max-age=31536000 ; includeSubDomains";

	private SecurityHeaders() {
	}

	/** Adds each header the response does not have yet. */
	public static void addMissing(HttpServletRequest request, HttpServletResponse response) {
		EVERY_ANSWER.forEach((name, value) -> {
			if (!response.containsHeader(name)) {
				response.setHeader(name, value);
			}
		});
		if (request.isSecure() && !response.containsHeader("Strict-Transport-Security")) {
			response.setHeader("Strict-Transport-Security", HSTS);
		}
	}

}
