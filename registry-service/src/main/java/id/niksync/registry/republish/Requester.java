package id.niksync.registry.republish;

import java.util.List;

import id.niksync.registry.resident.FieldViolation;

/**
 * Who asked for a re-online or republish, and why. Until the security issue lands the
 * operator is whatever the {@code X-Operator} header says.
 */
record Requester(String operator, String reason) {

	static final String ANONYMOUS = "anonymous";

	private static final int MAX_OPERATOR = 100;

	private static final int MAX_REASON = 500;

	/** Adds a violation to {@code violations} for each value that is too long. */
	static Requester of(String operatorHeader, String reason, List<FieldViolation> violations) {
		String operator = (operatorHeader == null || operatorHeader.isBlank()) ? ANONYMOUS : operatorHeader.trim();
		if (operator.length() > MAX_OPERATOR) {
			violations.add(new FieldViolation("X-Operator", "FIELD_LENGTH",
					"the operator name must be at most " + MAX_OPERATOR + " characters"));
		}
		String why = (reason == null || reason.isBlank()) ? null : reason.trim();
		if (why != null && why.length() > MAX_REASON) {
			violations.add(new FieldViolation("reason", "FIELD_LENGTH",
					"the reason must be at most " + MAX_REASON + " characters"));
		}
		return new Requester(operator, why);
	}

	String reasonOr(String fallback) {
		return (this.reason != null) ? this.reason : fallback;
	}

}
