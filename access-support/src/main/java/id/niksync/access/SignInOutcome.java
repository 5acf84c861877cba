package id.niksync.access;

/** How a sign-in ended, as audited. The caller sees one 401 for all but SUCCESS. */
public enum SignInOutcome {

	SUCCESS,

	/** Unknown username or wrong password (counted towards the lockout). */
	FAILURE,

	/** Any password while the account is locked (a wrong one is counted as well). */
	LOCKED,

	/** The right password for a disabled account. */
	DISABLED

}
