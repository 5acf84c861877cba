package id.niksync.access;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;

/**
 * The headers both services' Spring Security configurations write (its defaults, and
 * {@code Referrer-Policy: no-referrer}), by Spring Security's own header writers, for the
 * answers written where its header filter does not run: before Spring Security's filters
 * (a body refused for its size), in its filter chain's firewall (a URL it refuses), or by
 * Tomcat itself (a request line it cannot read). Without them such an answer could be
 * cached or sniffed as another type. A header already set is left as it is (the cache
 * headers all three when one is set, and on a 304), and HSTS goes on requests that came
 * over TLS only. {@code SecurityHeadersIntegrationTests} in each service hold these to
 * what Spring Security writes on an ordinary answer.
 */
public final class SecurityHeaders {

	private static final HeaderWriter FRAME_OPTIONS = new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY);

	private static final List<HeaderWriter> WRITERS = List.of(new XContentTypeOptionsHeaderWriter(),
			new XXssProtectionHeaderWriter(), new CacheControlHeadersWriter(), new HstsHeaderWriter(),
			// the one writer that replaces a value already set
			(request, response) -> {
				if (!response.containsHeader("X-Frame-Options")) {
					FRAME_OPTIONS.writeHeaders(request, response);
				}
			}, new ReferrerPolicyHeaderWriter(ReferrerPolicy.NO_REFERRER));

	private SecurityHeaders() {
	}

	/** Adds each header the response does not have yet. */
	public static void addMissing(HttpServletRequest request, HttpServletResponse response) {
		for (HeaderWriter writer : WRITERS) {
			writer.writeHeaders(request, response);
		}
	}

}
