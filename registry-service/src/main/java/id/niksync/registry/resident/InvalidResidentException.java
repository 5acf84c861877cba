package id.niksync.registry.resident;

import java.util.List;

import id.niksync.registry.system.CodedProblemException;
import id.niksync.registry.system.Problems;

/**
 * The request breaks one or more rules; every violation is listed, not only the first.
 */
class InvalidResidentException extends CodedProblemException {

	private final List<FieldViolation> violations;

	InvalidResidentException(List<FieldViolation> violations) {
		super(Problems.validationFailed(List.copyOf(violations)));
		this.violations = List.copyOf(violations);
	}

	List<FieldViolation> violations() {
		return this.violations;
	}

}
