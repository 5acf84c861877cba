package id.niksync.identity;

import java.util.List;
import java.util.Set;

/**
 * The rules for the six-digit region {@code PPRRDD} that opens both a NIK and a KK
 * number: a known province, a regency other than 00 and a district other than 00.
 */
final class RegionCode {

	static final int LENGTH = 6;

	private static final Set<Integer> PROVINCES = Set.of(11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36,
			51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96);

	private RegionCode() {
	}

	/**
	 * Add a violation for every region rule the first six digits break.
	 * @param digits sixteen ASCII digits
	 * @param kind the identifier being checked
	 * @param violations where to add violations
	 */
	static void check(String digits, IdentifierKind kind, List<Violation> violations) {
		if (!PROVINCES.contains(SixteenDigits.number(digits, 0, 2))) {
			violations.add(kind.violation("PROVINCE_UNKNOWN", "province code (digits 1-2) is not a known province"));
		}
		if (SixteenDigits.number(digits, 2, 4) == 0) {
			violations.add(kind.violation("REGENCY_ZERO", "regency code (digits 3-4) must not be 00"));
		}
		if (SixteenDigits.number(digits, 4, 6) == 0) {
			violations.add(kind.violation("DISTRICT_ZERO", "district code (digits 5-6) must not be 00"));
		}
	}

}
