package id.niksync.schemas.registry;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/republish}: re-online a whole region or a list of NIKs as a
 * background job. Exactly one of {@code regionPrefix} and {@code niks} is given; the
 * registry checks that and every NIK.
 *
 * @param regionPrefix 2, 4 or 6 digits (province, regency, district)
 * @param niks the NIKs to republish
 * @param reason why, kept in the registry's audit; required (1 to 500 characters)
 * @param aboveVersions only with {@code niks}, optional: for listed NIKs a replica holds
 * at a version the registry never had (reconciliation's {@code AHEAD}), that version; the
 * registry republishes each of them at a version above it, so the replica takes the
 * registry's facts over what it holds (1 to {@value #MAX_VERSION} − 1, so the version
 * republished stays within {@value #MAX_VERSION})
 */
public record RepublishRequest(String regionPrefix, List<String> niks, String reason, Map<String, Long> aboveVersions) {

	/**
	 * 2^53 − 1: far above any real version, and exact in every JSON parser;
	 * {@code aboveVersions} names versions below it, and a replica version at or beyond
	 * it is not repaired this way.
	 */
	public static final long MAX_VERSION = 9_007_199_254_740_991L;

	public RepublishRequest(String regionPrefix, List<String> niks, String reason) {
		this(regionPrefix, niks, reason, null);
	}

	public static RepublishRequest region(String regionPrefix, String reason) {
		return new RepublishRequest(regionPrefix, null, reason);
	}

	public static RepublishRequest niks(List<String> niks, String reason) {
		return new RepublishRequest(null, niks, reason);
	}

	/**
	 * @param niks the NIKs to republish
	 * @param aboveVersions of those, the ones to republish above a version, with it
	 */
	public static RepublishRequest niks(List<String> niks, Map<String, Long> aboveVersions, String reason) {
		return new RepublishRequest(null, niks, reason, aboveVersions.isEmpty() ? null : aboveVersions);
	}

}
