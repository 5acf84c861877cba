package id.niksync.sync.access;

import java.util.Set;

/**
 * The institution behind the API key of the current request: the principal of every
 * {@code /partner/**} request.
 *
 * @param keyId the public part of the key that was used
 * @param permissions what it may do beyond lookups and verifications
 */
public record AuthenticatedInstitution(long id, String name, InstitutionType type, int requestsPerSecond, String keyId,
		Set<InstitutionPermission> permissions) {

	public AuthenticatedInstitution {
		permissions = Set.copyOf(permissions);
	}

	public boolean may(InstitutionPermission permission) {
		return this.permissions.contains(permission);
	}

	/**
	 * The request attribute holding the institution once its key is accepted, for code
	 * that runs outside Spring Security's context (the partner audit of refused
	 * requests).
	 */
	public static final String REQUEST_ATTRIBUTE = AuthenticatedInstitution.class.getName();

}
