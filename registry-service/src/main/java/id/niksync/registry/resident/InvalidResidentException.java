package id.niksync.registry.resident;

import java.util.List;

/**
 * The request breaks one or more rules; every violation is listed, not only the first.
 */
public class InvalidResidentException extends RuntimeException {

	private final List<FieldViolation> violations;

	InvalidResidentException(List<FieldViolation> violations) {
		super("Invalid resident: " + violations.stream().map(FieldViolation::code).toList());
		this.violations = List.copyOf(violations);
	}

	public List<FieldViolation> violations() {
		return this.violations;
	}

}
