package id.niksync.sync.partner;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * A partner request passing {@link PartnerGate}: whether its audit row is written yet, so
 * that it gets exactly one.
 */
final class PartnerCall {

	private static final String ATTRIBUTE = PartnerCall.class.getName();

	private volatile boolean audited;

	private volatile boolean auditFailed;

	static PartnerCall start(HttpServletRequest request) {
		PartnerCall call = new PartnerCall();
		request.setAttribute(ATTRIBUTE, call);
		return call;
	}

	static PartnerCall of(HttpServletRequest request) {
		return (PartnerCall) request.getAttribute(ATTRIBUTE);
	}

	/** The call of the request this thread serves, or null outside one. */
	static PartnerCall current() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		return (request != null) ? (PartnerCall) request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
				: null;
	}

	void audited() {
		this.audited = true;
	}

	boolean isAudited() {
		return this.audited;
	}

	void failedToAudit() {
		this.auditFailed = true;
	}

	/** Its row could not be written: the database is taken to be away. */
	boolean auditFailed() {
		return this.auditFailed;
	}

}
