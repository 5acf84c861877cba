package id.niksync.access;

import java.io.IOException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Set;

import id.niksync.identity.Nik;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps other sites from using an operator's browser. A browser re-sends HTTP Basic
 * credentials by itself, also on a form or {@code fetch()} that a page from another
 * origin (another port of the same host included) sends here. So a request that changes
 * something (any method but GET, HEAD, OPTIONS, TRACE) under the protected path is
 * refused with 403 {@code CROSS_SITE_REQUEST} when the browser says it comes from
 * elsewhere ({@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}, or an
 * {@code Origin} that is not this service's own), and a POST must carry a JSON body: a
 * page from another origin can send {@code application/json} only after a CORS preflight,
 * which this service never grants. curl and API clients send neither header and already
 * send JSON, so they are not affected.
 */
public class CrossSiteRequestFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(CrossSiteRequestFilter.class);

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private static final Set<String> SAME_SITE_FETCHES = Set.of("same-origin", "none");

	/** What browsers send in Sec-Fetch-Site. */
	private static final Set<String> FETCH_SITES = Set.of("cross-site", "same-site", "same-origin", "none");

	private final String protectedPath;

	private final ProblemWriter problems;

	private final LogThrottle refusalLines;

	/**
	 * @param protectedPath the path prefix whose state-changing requests are checked,
	 * e.g. {@code /ops/}
	 */
	public CrossSiteRequestFilter(String protectedPath, ProblemWriter problems) {
		this(protectedPath, problems, new LogThrottle(Duration.ofSeconds(1)));
	}

	/**
	 * @param refusalLines how often a refusal is logged: anyone can send them, before
	 * signing in
	 */
	CrossSiteRequestFilter(String protectedPath, ProblemWriter problems, LogThrottle refusalLines) {
		this.protectedPath = protectedPath;
		this.problems = problems;
		this.refusalLines = refusalLines;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return SAFE_METHODS.contains(request.getMethod())
				|| !request.getRequestURI().startsWith(request.getContextPath() + this.protectedPath);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (fromElsewhere(request)) {
			// Whether credentials came along tells an attack on a signed-in operator from
			// a probe. A path may hold a NIK (a refusal's lift): masked. The headers are
			// the caller's text, which could hold a NIK or a name (attack run
			// 2026-12-05): whether Origin came, and Sec-Fetch-Site only as a value
			// browsers send.
			// Anyone can send them: a warning a second at most, with how many were left
			// out; each at debug level.
			long leftOut = this.refusalLines.admit();
			if (leftOut != LogThrottle.LEAVE_OUT || log.isDebugEnabled()) {
				String refusal = "Refused a cross-site %s to %s (Origin %s, Sec-Fetch-Site %s, credentials %s)"
					.formatted(request.getMethod(), Nik.maskWithin(request.getRequestURI()),
							(request.getHeader(HttpHeaders.ORIGIN) != null) ? "sent" : "none",
							fetchSiteForLog(request.getHeader("Sec-Fetch-Site")),
							(request.getHeader(HttpHeaders.AUTHORIZATION) != null) ? "sent" : "none");
				log.debug(refusal);
				if (leftOut != LogThrottle.LEAVE_OUT) {
					log.warn("{}; {} more refused since the last such warning", refusal, leftOut);
				}
			}
			this.problems.write(request, response, Problems.of(HttpStatus.FORBIDDEN, "CROSS_SITE_REQUEST",
					"Changes are accepted only from this service's own pages or from API clients"));
			return;
		}
		if (HttpMethod.POST.matches(request.getMethod()) && !isJson(request.getContentType())) {
			this.problems.write(request, response, Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"UNSUPPORTED_MEDIA_TYPE", "Changes take a JSON body (Content-Type: application/json)"));
			return;
		}
		chain.doFilter(request, response);
	}

	private static String fetchSiteForLog(String value) {
		if (value == null) {
			return "none";
		}
		return FETCH_SITES.contains(value) ? value : "another value";
	}

	private static boolean several(HttpServletRequest request, String header) {
		Enumeration<String> values = request.getHeaders(header);
		if (values == null || !values.hasMoreElements()) {
			return false;
		}
		values.nextElement();
		return values.hasMoreElements();
	}

	private static boolean fromElsewhere(HttpServletRequest request) {
		// Only the first of several would be read below; no browser sends two.
		if (several(request, "Sec-Fetch-Site") || several(request, HttpHeaders.ORIGIN)) {
			return true;
		}
		String site = request.getHeader("Sec-Fetch-Site");
		if (site != null && !SAME_SITE_FETCHES.contains(site)) {
			return true;
		}
		try {
			// An Origin whose scheme, host or port differs from this request's, "null"
			// included (a sandboxed page, or one that hides its referrer).
			return CorsUtils.isCorsRequest(request);
		}
		catch (IllegalArgumentException ex) {
			return request.getHeader(HttpHeaders.ORIGIN) != null;
		}
	}

	private static boolean isJson(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json");
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}
