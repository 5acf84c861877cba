package id.niksync.registry.republish;

import java.util.List;

import id.niksync.registry.resident.FieldViolation;

/**
 * A re-online or republish request breaks one or more rules; every violation is listed.
 */
public class InvalidRepublishRequestException extends RuntimeException {

	private final List<FieldViolation> violations;

	private InvalidRepublishRequestException(List<FieldViolation> violations) {
		super("Invalid republish request: " + violations.stream().map(FieldViolation::code).toList());
		this.violations = List.copyOf(violations);
	}

	static void throwIfAny(List<FieldViolation> violations) {
		if (!violations.isEmpty()) {
			throw new InvalidRepublishRequestException(violations);
		}
	}

	public List<FieldViolation> violations() {
		return this.violations;
	}

}
