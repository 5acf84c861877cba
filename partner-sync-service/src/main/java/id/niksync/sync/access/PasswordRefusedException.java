package id.niksync.sync.access;

import java.util.List;

import id.niksync.access.PasswordViolation;
import id.niksync.sync.system.CodedProblemException;
import id.niksync.sync.system.Problems;

/**
 * A password the policy refuses: 400 VALIDATION_FAILED with one violation per rule
 * broken, each with its stable code (PASSWORD_TOO_SHORT, PASSWORD_TOO_WEAK …).
 */
class PasswordRefusedException extends CodedProblemException {

	PasswordRefusedException(String field, List<PasswordViolation> violations) {
		super(Problems.validationFailed(violations.stream()
			.map((violation) -> Problems.violation(field, violation.code().name(), violation.message()))
			.toList()), null);
	}

}
