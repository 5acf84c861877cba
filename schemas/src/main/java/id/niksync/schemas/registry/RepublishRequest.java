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
 * registry's facts over what it holds (1 to {@value #MAX_ABOVE_VERSION}, so the version
 * republished and its later changes stay within {@value #MAX_VERSION})
 */
public record RepublishRequest(String regionPrefix, List<String> niks, String reason, Map<String, Long> aboveVersions) {

	/**
	 * 2^53 − 1: far above any real version, and exact in every JSON parser;
	 * {@code aboveVersions} names versions up to {@link #MAX_ABOVE_VERSION}, and a
	 * replica version beyond that is not repaired this way.
	 */
	public static final long MAX_VERSION = 9_007_199_254_740_991L;

	/**
	 * 2^52: the highest version {@code aboveVersions} may name. The NIK is republished
	 * one above it, and its later changes count on from there: 2^52 of them stay within
	 * {@link #MAX_VERSION} (capped at 2^53 − 2, the second ordinary change after such a
	 * republish gave a version no JSON parser of doubles holds exactly).
	 */
	public static final long MAX_ABOVE_VERSION = 4_503_599_627_370_496L;

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
