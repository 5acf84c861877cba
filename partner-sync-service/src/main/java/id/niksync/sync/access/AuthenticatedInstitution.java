package id.niksync.sync.access;

/**
 * The institution behind the API key of the current request: the principal of every
 * {@code /partner/**} request.
 *
 * @param keyId the public part of the key that was used
 */
public record AuthenticatedInstitution(long id, String name, InstitutionType type, int requestsPerSecond,
		String keyId) {

	/**
	 * The request attribute holding the institution once its key is accepted, for code
	 * that runs outside Spring Security's context (the partner audit of refused
	 * requests).
	 */
	public static final String REQUEST_ATTRIBUTE = AuthenticatedInstitution.class.getName();

}
