package id.niksync.sync.audit;

import java.security.Principal;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * Who is acting: the signed-in operator. Every audit row names one, so an action without
 * a principal is refused.
 */
public final class Operators {

	private Operators() {
	}

	public static String of(Principal principal) {
		if (principal == null || principal.getName() == null || principal.getName().isBlank()) {
			throw new OperatorRequiredException();
		}
		return principal.getName();
	}

	/** The request has no signed-in operator. */
	static class OperatorRequiredException extends CodedProblemException {

		OperatorRequiredException() {
			super(HttpStatus.BAD_REQUEST, "OPERATOR_REQUIRED", "Operator actions need a signed-in operator");
		}

	}

}
