package id.niksync.schemas.registry;

import java.util.List;

/**
 * {@code POST /api/v1/republish}: re-online a whole region or a list of NIKs as a
 * background job. Exactly one of {@code regionPrefix} and {@code niks} is given; the
 * registry checks that and every NIK.
 *
 * @param regionPrefix 2, 4 or 6 digits (province, regency, district)
 * @param niks the NIKs to republish
 * @param reason why, kept in the registry's audit; required (1 to 500 characters)
 */
public record RepublishRequest(String regionPrefix, List<String> niks, String reason) {

	public static RepublishRequest region(String regionPrefix, String reason) {
		return new RepublishRequest(regionPrefix, null, reason);
	}

	public static RepublishRequest niks(List<String> niks, String reason) {
		return new RepublishRequest(null, niks, reason);
	}

}
