package id.niksync.sync.audit;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * Why an operator acts: replay, discard, key rotation and revocation are refused without
 * a reason, which goes into their audit row.
 */
public final class Reasons {

	private Reasons() {
	}

	/** The reason, trimmed; a missing or blank one is a 400 {@code REASON_REQUIRED}. */
	public static String required(String reason, String action) {
		if (reason == null || reason.isBlank()) {
			throw new ReasonRequiredException(action);
		}
		return reason.strip();
	}

	/** An operator action without a reason. */
	static class ReasonRequiredException extends CodedProblemException {

		ReasonRequiredException(String action) {
			super(HttpStatus.BAD_REQUEST, "REASON_REQUIRED",
					action + " needs a reason, in the reason field of the JSON body");
		}

	}

}
