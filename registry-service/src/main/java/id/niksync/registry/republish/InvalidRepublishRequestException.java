package id.niksync.registry.republish;

import java.util.List;

import id.niksync.registry.resident.FieldViolation;
import id.niksync.registry.system.CodedProblemException;
import id.niksync.registry.system.Problems;

/**
 * A re-online or republish request breaks one or more rules; every violation is listed.
 */
class InvalidRepublishRequestException extends CodedProblemException {

	private InvalidRepublishRequestException(List<FieldViolation> violations) {
		super(Problems.validationFailed(List.copyOf(violations)));
	}

	static void throwIfAny(List<FieldViolation> violations) {
		if (!violations.isEmpty()) {
			throw new InvalidRepublishRequestException(violations);
		}
	}

}
