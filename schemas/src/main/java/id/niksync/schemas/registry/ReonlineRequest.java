package id.niksync.schemas.registry;

/**
 * {@code POST /api/v1/residents/{nik}/republish}: re-online one NIK for a citizen who
 * brings its family-card number. A supervisor sends {@code kkNumber} and {@code reason};
 * partner-sync, as its {@code SERVICE} account, also names the institution and the
 * purpose on whose behalf it asks, and the registry audits them beside its own principal.
 *
 * @param kkNumber the family-card number on the record
 * @param reason why, kept in the registry's audit; required (1 to 500 characters)
 * @param institution only from the {@code SERVICE} account, and then required: the
 * partner institution that asked (name and id, as partner-sync knows it)
 * @param purpose only from the {@code SERVICE} account, and then required: the purpose
 * the institution stated ({@code X-Purpose})
 */
public record ReonlineRequest(String kkNumber, String reason, String institution, String purpose) {

	/**
	 * The most characters (UTF-16 units, as {@link String#length}) the registry takes in
	 * {@code institution} and in {@code purpose}.
	 */
	public static final int MAX_ON_BEHALF_LENGTH = 200;

	/** A supervisor's own re-online. */
	public static ReonlineRequest byOperator(String kkNumber, String reason) {
		return new ReonlineRequest(kkNumber, reason, null, null);
	}

	/** partner-sync's re-online on behalf of a partner institution. */
	public static ReonlineRequest onBehalfOf(String institution, String purpose, String kkNumber, String reason) {
		return new ReonlineRequest(kkNumber, reason, institution, purpose);
	}

	/**
	 * An institution as {@code institution} names it: its name and id, the name cut (at a
	 * character, not inside one) so that the whole stays within
	 * {@link #MAX_ON_BEHALF_LENGTH}, the id always whole. A name of up to 200 characters
	 * with its id appended was over it, and the registry refused every re-online asked
	 * for by that institution (review, 2026-12-06).
	 */
	public static String institution(String name, long id) {
		String suffix = " (institution " + id + ")";
		int room = MAX_ON_BEHALF_LENGTH - suffix.length();
		if (name.length() <= room) {
			return name + suffix;
		}
		int keep = room - 1;
		if (Character.isLowSurrogate(name.charAt(keep))) {
			keep--;
		}
		return name.substring(0, keep) + "…" + suffix;
	}

}
