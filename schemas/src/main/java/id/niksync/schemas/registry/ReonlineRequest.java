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

	/** A supervisor's own re-online. */
	public static ReonlineRequest byOperator(String kkNumber, String reason) {
		return new ReonlineRequest(kkNumber, reason, null, null);
	}

	/** partner-sync's re-online on behalf of a partner institution. */
	public static ReonlineRequest onBehalfOf(String institution, String purpose, String kkNumber, String reason) {
		return new ReonlineRequest(kkNumber, reason, institution, purpose);
	}

}
