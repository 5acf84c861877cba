package id.niksync.sync.partner;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.identity.Nik;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.access.PresentedApiKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Makes sure every partner request leaves an audit row, refused ones included. It runs
 * before Spring Security, so it also sees the 401 of a request without a valid key
 * (institution unknown). Requests whose read already wrote its rows are left alone, and
 * so are the 429s of the limit per client address on callers without a valid key: that
 * limit exists so that nobody can fill the audit with rows of their choosing.
 */
class PartnerAuditFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(PartnerAuditFilter.class);

	private final PartnerAudit audit;

	private final ObjectMapper json;

	private final BooleanSupplier databaseKnownAway;

	PartnerAuditFilter(PartnerAudit audit, ObjectMapper json, BooleanSupplier databaseKnownAway) {
		this.audit = audit;
		this.json = json;
		this.databaseKnownAway = databaseKnownAway;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// Buffered so the row is written before the answer leaves, and so the row can
		// carry the problem's code.
		ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(request, buffered);
		}
		finally {
			if (request.getAttribute(PartnerAudit.AUDITED) == null && !unidentifiedAndLimited(request, buffered)) {
				auditUnread(request, buffered);
			}
			buffered.copyBodyToResponse();
		}
	}

	private static boolean unidentifiedAndLimited(HttpServletRequest request, HttpServletResponse response) {
		return response.getStatus() == HttpStatus.TOO_MANY_REQUESTS.value()
				&& request.getAttribute(AuthenticatedInstitution.REQUEST_ATTRIBUTE) == null;
	}

	private void auditUnread(HttpServletRequest request, ContentCachingResponseWrapper response) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (response.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value() && this.databaseKnownAway.getAsBoolean()) {
			// Refused because the replica database, which holds the audit, is known to be
			// away: a write would only wait for it (README, "Through outages").
			log.debug("Refused partner request to {} not audited: the database is away",
					PartnerOperation.of(request.getMethod(), path));
			return;
		}
		try {
			AuthenticatedInstitution institution = (AuthenticatedInstitution) request
				.getAttribute(AuthenticatedInstitution.REQUEST_ATTRIBUTE);
			PartnerAuditRow row = PartnerAuditRow.of(institution, PartnerOperation.of(request.getMethod(), path),
					purpose(request), nikIn(path), List.of(), outcome(response), response.getStatus());
			// A key that opened nothing (unknown, revoked, expired): its id still says
			// who
			// tried; the institution stays unknown.
			this.audit.recordRefused((institution != null) ? row : row.withKeyId(PresentedApiKey.keyIdOf(request)));
		}
		catch (RuntimeException ex) {
			// Nothing was read for this request; the failure itself must not leak a NIK.
			log.error("Could not audit a refused partner request to {}: {}",
					PartnerOperation.of(request.getMethod(), path), ex.getClass().getName());
		}
	}

	private String outcome(ContentCachingResponseWrapper response) {
		if (response.getStatus() < 400) {
			return "OK";
		}
		try {
			JsonNode code = this.json.readTree(response.getContentAsByteArray()).path("code");
			if (code.isTextual()) {
				return code.asText();
			}
		}
		catch (IOException | RuntimeException ex) {
			// not problem details: fall through to the status
		}
		return "HTTP_" + response.getStatus();
	}

	private static String purpose(HttpServletRequest request) {
		String purpose = request.getHeader(PartnerApi.PURPOSE_HEADER);
		return (purpose == null || purpose.length() <= PartnerApi.MAX_PURPOSE_LENGTH) ? purpose
				: purpose.substring(0, PartnerApi.MAX_PURPOSE_LENGTH);
	}

	/** The NIK in a lookup path, if it is a valid one; anything else is not stored. */
	private static String nikIn(String path) {
		if (!path.startsWith(PartnerApi.RESIDENTS + "/")) {
			return null;
		}
		String candidate = path.substring(PartnerApi.RESIDENTS.length() + 1);
		return Nik.parse(candidate).isValid() ? candidate : null;
	}

}
