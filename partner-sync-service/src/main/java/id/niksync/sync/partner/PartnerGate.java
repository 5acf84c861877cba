package id.niksync.sync.partner;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import id.niksync.access.AuditText;
import id.niksync.access.ProblemListener;
import id.niksync.access.ProblemWriter;
import id.niksync.access.Problems;
import id.niksync.identity.Nik;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.access.PresentedApiKey;
import id.niksync.access.RequestHeaders;
import id.niksync.access.UnreadBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What every partner request passes once it is authenticated, in this order: the
 * institution's rate limit (so invalid requests count too), its requests in progress on
 * this instance (at most {@code niksync.partner.max-in-flight}, counted before any body
 * is read: within its rate an institution once held every server thread with bodies that
 * never finished, attack run 2026-12-04), the body size and a stated purpose, then the
 * call, then exactly one audit row, written before the answer leaves. The row of an
 * answered call is written by the call itself (a lookup or verification through
 * {@link PartnerAuditWriter}; a re-online request in its own transaction); the row of a
 * refused one here, from the problem it is answered with, as it is answered
 * ({@link ProblemListener}: Spring MVC's exception handler and the {@link ProblemWriter}
 * of filters both tell). That also covers the requests refused before this gate, 401s
 * included (institution unknown, the key id presented kept), but not the 429s of the
 * limit per client address on callers without a valid key: that limit exists so that
 * nobody can fill the audit with rows of their choosing; nor the 503s of a database known
 * to be away, which holds the audit (README, "Through outages").
 */
class PartnerGate extends OncePerRequestFilter implements ProblemListener {

	private static final Logger log = LoggerFactory.getLogger(PartnerGate.class);

	private final PartnerRateLimits limits;

	private final PartnerProperties properties;

	private final PartnerAudit audit;

	private final ProblemWriter problems;

	private final BooleanSupplier databaseKnownAway;

	/** Each institution's requests in progress here, by its id. */
	private final Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	PartnerGate(PartnerRateLimits limits, PartnerProperties properties, PartnerAudit audit, ProblemWriter problems,
			BooleanSupplier databaseKnownAway) {
		this.limits = limits;
		this.properties = properties;
		this.audit = audit;
		this.problems = problems;
		this.databaseKnownAway = databaseKnownAway;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !PresentedApiKey.isPartnerRoute(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		AuthenticatedInstitution institution = institutionOf(request);
		if (institution == null) {
			// not signed in as a partner: refused by Spring Security already
			chain.doFilter(request, response);
			return;
		}
		PartnerCall call = PartnerCall.start(request);
		AtomicInteger inFlight = null;
		try {
			HttpServletRequest admitted;
			try {
				this.limits.acquire(institution).ifPresent((wait) -> {
					throw new RateLimitedException(wait);
				});
				inFlight = enter(institution);
				admitted = admit(request);
			}
			catch (PayloadTooLargeException | RateLimitedException | InFlightLimitedException | PurposeRequiredException
					| UnreadableBodyException refusal) {
				if (refusal instanceof InFlightLimitedException && UnreadBodies.announced(request)) {
					// Tomcat would read the body it refused after the answer, for as long
					// as the caller takes to send it: the connection is closed instead.
					// (Not for the other refusals: a close with unread bytes can reset
					// the connection before a client reads the answer.)
					UnreadBodies.dropAfterAnswer(request);
				}
				this.problems.write(request, response, refusal);
				return;
			}
			boolean failed = true;
			try {
				chain.doFilter(admitted, response);
				failed = false;
			}
			finally {
				// Every answer of a partner route audits itself; this is for one that did
				// not (an OPTIONS request), or an exception the error page no longer
				// answers. Not for one whose row could not be written: a second try
				// waited for the database again (a lookup behind a locked audit table
				// took two lock timeouts, 10 s).
				if (!call.isAudited() && !call.auditFailed() && (!failed || response.isCommitted())) {
					int status = failed ? HttpStatus.INTERNAL_SERVER_ERROR.value() : response.getStatus();
					// the code the answer's problem has (408 REQUEST_TIMEOUT for a body
					// that stopped arriving, which Tomcat answered: audited HTTP_408,
					// attack run 2026-12-06)
					record(request, (status < 400) ? "OK" : Problems.codeOf(HttpStatusCode.valueOf(status)), status);
				}
			}
		}
		finally {
			if (inFlight != null) {
				inFlight.decrementAndGet();
			}
		}
	}

	/**
	 * One more of the institution's requests in progress on this instance, if fewer than
	 * {@code niksync.partner.max-in-flight} are: counted before its body is read, which
	 * is where a caller within its rate can hold a server thread until the read timeout.
	 * @return its count, to be decremented as the request ends
	 * @throws InFlightLimitedException when that many are in progress
	 */
	private AtomicInteger enter(AuthenticatedInstitution institution) {
		AtomicInteger running = this.inFlight.computeIfAbsent(institution.id(), (id) -> new AtomicInteger());
		if (running.incrementAndGet() > this.properties.maxInFlight()) {
			running.decrementAndGet();
			throw new InFlightLimitedException(this.properties.maxInFlight());
		}
		return running;
	}

	/** Size, purpose; the request whose body can be read. */
	private HttpServletRequest admit(HttpServletRequest request) throws IOException {
		long max = this.properties.maxRequestSize().toBytes();
		HttpServletRequest admitted = request;
		if (request.getContentLengthLong() > max) {
			throw new PayloadTooLargeException(this.properties.maxRequestSize());
		}
		if (request.getContentLengthLong() < 0 && request.getHeader("Transfer-Encoding") != null) {
			// no length announced (chunked): read up to the cap first
			byte[] body;
			try {
				body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
			}
			catch (IOException ex) {
				// a broken chunk, or the client gone: answered, and audited, here
				throw UnreadableBodyException.of(ex);
			}
			if (body.length > max) {
				throw new PayloadTooLargeException(this.properties.maxRequestSize());
			}
			admitted = new BufferedBody(request, body);
		}
		String purpose = request.getHeader(PartnerApi.PURPOSE_HEADER);
		// something the audit's reader can see: not only no-break spaces or soft hyphens;
		// one line (HTTP allows tabs in a value; the firewall refuses other controls)
		if (purpose == null || purpose.length() > PartnerApi.MAX_PURPOSE_LENGTH || !AuditText.readable(purpose)
				|| purpose.indexOf('\t') >= 0 || RequestHeaders.moreThanOne(request, PartnerApi.PURPOSE_HEADER)) {
			throw new PurposeRequiredException();
		}
		return admitted;
	}

	/** A problem is answered on a partner route: its row, unless the call wrote one. */
	@Override
	public void answering(HttpServletRequest request, ProblemDetail problem) {
		if (!PresentedApiKey.isPartnerRoute(request)) {
			return;
		}
		PartnerCall call = PartnerCall.of(request);
		if (call != null && (call.isAudited() || call.auditFailed())) {
			// written, or could not be: a second try would wait for the database again
			return;
		}
		int status = problem.getStatus();
		if (status == HttpStatus.TOO_MANY_REQUESTS.value() && institutionOf(request) == null) {
			return;
		}
		if (status == HttpStatus.SERVICE_UNAVAILABLE.value() && this.databaseKnownAway.getAsBoolean()) {
			log.debug("Refused partner request to {} not audited: the database is away",
					PartnerOperation.of(request.getMethod(), pathOf(request)));
			return;
		}
		Object code = (problem.getProperties() != null) ? problem.getProperties().get("code") : null;
		record(request, (code instanceof String text) ? text : Problems.codeOf(HttpStatusCode.valueOf(status)), status);
	}

	private void record(HttpServletRequest request, String outcome, int status) {
		String path = pathOf(request);
		AuthenticatedInstitution institution = institutionOf(request);
		try {
			PartnerAuditRow row = PartnerAuditRow.of(institution, PartnerOperation.of(request.getMethod(), path),
					purpose(request), nikIn(path), List.of(), outcome, status);
			// A key that opened nothing (unknown, revoked, expired): its id still says
			// who tried; the institution stays unknown.
			this.audit.recordNow((institution != null) ? row : row.withKeyId(PresentedApiKey.keyIdOf(request)));
		}
		catch (RuntimeException ex) {
			// Nothing was read for this request; the failure itself must not leak a NIK.
			log.error("Could not audit a refused partner request to {}: {}",
					PartnerOperation.of(request.getMethod(), path), ex.getClass().getName());
		}
		PartnerCall call = PartnerCall.of(request);
		if (call != null) {
			call.audited();
		}
	}

	private static AuthenticatedInstitution institutionOf(HttpServletRequest request) {
		return (AuthenticatedInstitution) request.getAttribute(AuthenticatedInstitution.REQUEST_ATTRIBUTE);
	}

	private static String pathOf(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	private static String purpose(HttpServletRequest request) {
		String purpose;
		try {
			purpose = request.getHeader(PartnerApi.PURPOSE_HEADER);
		}
		catch (RequestRejectedException ex) {
			// a value the firewall refuses (control characters): the row says none
			return null;
		}
		if (purpose != null && purpose.chars().anyMatch(Character::isISOControl)) {
			// the same, read where the firewall does not check (its refusal handler): no
			// control characters for the audit's readers' terminals
			return null;
		}
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
