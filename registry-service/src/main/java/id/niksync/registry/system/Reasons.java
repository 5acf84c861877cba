package id.niksync.registry.system;

import id.niksync.access.AuditText;

import org.springframework.http.HttpStatus;

/**
 * The justification an action that changes what partners see must carry: a status change,
 * a re-online, a republish. It goes into the audit row beside the principal.
 */
public final class Reasons {

	/** {@link AuditText#MAX_REASON_LENGTH}: characters, not UTF-16 units. */
	public static final int MAX_LENGTH = AuditText.MAX_REASON_LENGTH;

	private Reasons() {
	}

	/**
	 * @return the reason, trimmed
	 * @throws ReasonRequiredException when it is missing, blank, unreadable
	 * ({@link AuditText#readable}) or longer than {@value #MAX_LENGTH} characters
	 */
	public static String required(String reason) {
		String trimmed = (reason != null) ? reason.strip() : "";
		if (!AuditText.isReason(trimmed)) {
			throw new ReasonRequiredException();
		}
		return trimmed;
	}

	/** 400: the action needs a reason of 1 to 500 characters. */
	public static class ReasonRequiredException extends CodedProblemException {

		ReasonRequiredException() {
			super(HttpStatus.BAD_REQUEST, "REASON_REQUIRED", "This action needs a reason (1 to " + MAX_LENGTH
					+ " characters, readable: no control or invisible characters) for the audit trail");
		}

	}

}
