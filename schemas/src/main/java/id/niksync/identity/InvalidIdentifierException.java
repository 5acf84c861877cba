package id.niksync.identity;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when an invalid NIK or KK number is used where a valid one is required. The
 * message lists only the violation codes: the rejected input is personal data and must
 * not end up in logs or stack traces.
 */
public class InvalidIdentifierException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final List<Violation> violations;

	public InvalidIdentifierException(List<Violation> violations) {
		super(describe(violations));
		this.violations = List.copyOf(violations);
	}

	public List<Violation> violations() {
		return this.violations;
	}

	private static String describe(List<Violation> violations) {
		return violations.stream().map(Violation::code).collect(Collectors.joining(", ", "Invalid identifier: ", ""));
	}

}
