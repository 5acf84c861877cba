package id.niksync.registry.resident;

import java.util.List;

import id.niksync.access.StrictQueryParameters;

/**
 * Reads the version out of an {@code If-Match} header: {@code 3}, {@code "3"} or
 * {@code W/"3"}.
 */
final class IfMatch {

	private IfMatch() {
	}

	/**
	 * @return the expected version, or {@code null} when the caller did not ask for a
	 * check
	 */
	static Long version(String header) {
		if (header == null || header.isBlank() || header.trim().equals("*")) {
			return null;
		}
		String value = header.trim();
		if (value.startsWith("W/")) {
			value = value.substring(2);
		}
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			value = value.substring(1, value.length() - 1);
		}
		// one spelling, as a version is written: Long.parseLong also read "+3" and "03"
		// (code review, 2026-12-06)
		if (!value.startsWith("-") && StrictQueryParameters.wholeNumber(value)) {
			try {
				return Long.parseLong(value);
			}
			catch (NumberFormatException ex) {
				// beyond a long: no version
			}
		}
		throw new InvalidResidentException(List.of(new FieldViolation("If-Match", "IF_MATCH_INVALID",
				"If-Match must carry a resident version, e.g. \"3\"")));
	}

}
