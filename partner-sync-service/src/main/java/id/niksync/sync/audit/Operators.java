package id.niksync.sync.audit;

/**
 * Who is acting. Until operator sign-in exists, operators name themselves in the
 * {@code X-Operator} header; a change without a name is refused, so every audit row has
 * one.
 */
public final class Operators {

	public static final String HEADER = "X-Operator";

	private Operators() {
	}

	public static String required(String header) {
		if (header == null || header.isBlank() || header.length() > 100) {
			throw new OperatorRequiredException();
		}
		return header.trim();
	}

	/** The request names no operator (header {@code X-Operator}). */
	public static class OperatorRequiredException extends RuntimeException {

		OperatorRequiredException() {
			super("Operator actions need the operator's name in the " + HEADER + " header (at most 100 characters)");
		}

	}

}
