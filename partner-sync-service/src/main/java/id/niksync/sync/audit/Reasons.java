package id.niksync.sync.audit;

import id.niksync.access.AuditText;
import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * Why an operator acts: replay, discard, key rotation and revocation are refused without
 * a reason, which goes into their audit row.
 */
public final class Reasons {

	private Reasons() {
	}

	/**
	 * As the registry's: {@link AuditText#MAX_REASON_LENGTH}, characters, not UTF-16
	 * units.
	 */
	public static final int MAX_LENGTH = AuditText.MAX_REASON_LENGTH;

	/**
	 * The reason, trimmed; a missing, blank, unreadable ({@link AuditText#readable}) or
	 * longer than {@value #MAX_LENGTH} characters one is a 400 {@code REASON_REQUIRED}.
	 */
	public static String required(String reason, String action) {
		String trimmed = (reason != null) ? reason.strip() : "";
		if (!AuditText.isReason(trimmed)) {
			throw new ReasonRequiredException(action);
		}
		return trimmed;
	}

	/** An operator action without a reason. */
	static class ReasonRequiredException extends CodedProblemException {

		ReasonRequiredException(String action) {
			super(HttpStatus.BAD_REQUEST, "REASON_REQUIRED", action + " needs a reason (1 to " + MAX_LENGTH
					+ " characters, readable: no control or invisible characters), in the reason field of the JSON body");
		}

	}

}
