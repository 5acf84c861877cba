package id.niksync.registry.republish;

import java.util.List;

import id.niksync.identity.Nik;
import id.niksync.registry.resident.FieldViolation;

/**
 * A region a republish job covers: the first 2 (province), 4 (regency) or 6 (district)
 * digits of a NIK.
 */
public final class RegionPrefix {

	private static final String FIELD = "regionPrefix";

	/**
	 * Filler that breaks no NIK rule: regency/district 01, born 1 January 2001, serial
	 * 0001.
	 */
	private static final String VALID_REST = "01" + "01" + "010101" + "0001";

	private RegionPrefix() {
	}

	/**
	 * Whether some valid NIK begins with {@code prefix} (registry accounts' regions are
	 * held to it too).
	 */
	public static boolean possible(String prefix) {
		return check(prefix).isEmpty();
	}

	/**
	 * @return every rule the prefix breaks, empty when it is a valid region
	 */
	static List<FieldViolation> check(String prefix) {
		if (prefix == null || !prefix.matches("\\d{2}|\\d{4}|\\d{6}")) {
			return List.of(new FieldViolation(FIELD, "REGION_PREFIX_INVALID",
					"the region prefix must be 2, 4 or 6 digits (province, regency, district)"));
		}
		// The region rules (known province, regency and district not 00) live in the
		// identity types; completing the prefix with valid filler lets Nik.parse apply
		// them, so whatever the probe breaks, the prefix breaks.
		String probe = prefix + VALID_REST.substring(prefix.length() - 2);
		return Nik.parse(probe)
			.violations()
			.stream()
			.map((v) -> new FieldViolation(FIELD, v.code().replaceFirst("^NIK_", "REGION_PREFIX_"),
					v.message().replaceFirst("^NIK ", "region prefix ")))
			.toList();
	}

}
