package id.niksync.identity;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape NIK and KK number share: exactly 16 ASCII digits.
 * <p>
 * Input is deliberately not trimmed: a value with surrounding whitespace is reported as
 * {@code _LENGTH} and/or {@code _NOT_DIGITS} rather than silently accepted, so that a
 * system sending padded values is noticed instead of its values being stored in two
 * spellings. Only null or all-whitespace input counts as missing ({@code _REQUIRED}).
 */
final class SixteenDigits {

	static final int LENGTH = 16;

	private SixteenDigits() {
	}

	/**
	 * Check the shape of the input. Every shape violation that applies is reported; when
	 * there is any, the other rules must not be checked because the fields are not where
	 * they are expected.
	 * @param raw the input, possibly null
	 * @param kind the identifier being checked
	 * @return a mutable list of the shape violations, empty if the input is 16 ASCII
	 * digits
	 */
	static List<Violation> check(String raw, IdentifierKind kind) {
		List<Violation> violations = new ArrayList<>();
		if (raw == null || raw.isBlank()) {
			violations.add(kind.violation("REQUIRED", "is required"));
			return violations;
		}
		if (raw.length() != LENGTH) {
			violations.add(kind.violation("LENGTH", "must be exactly 16 digits long"));
		}
		if (!isAsciiDigits(raw)) {
			violations.add(kind.violation("NOT_DIGITS",
					"must contain only the digits 0-9, without spaces, separators or surrounding whitespace"));
		}
		return violations;
	}

	private static boolean isAsciiDigits(String raw) {
		// Character.isDigit would also accept e.g. Arabic-Indic and full-width digits.
		return raw.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

	static int number(String digits, int from, int to) {
		return Integer.parseInt(digits, from, to, 10);
	}

}
