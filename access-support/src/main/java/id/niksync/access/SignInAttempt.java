package id.niksync.access;

import java.time.Instant;

/**
 * One sign-in, as audited: never the password.
 *
 * @param username as presented (it may name no account), cut to
 * {@value #MAX_USERNAME_LENGTH} characters, a NUL character replaced by U+FFFD
 * @param clientAddress the address the request came from, {@code null} when not known,
 * cut as {@link ClientAddresses#forRecord} does
 */
public record SignInAttempt(Instant at, String username, SignInOutcome outcome, String clientAddress) {

	public static final int MAX_USERNAME_LENGTH = 100;

	public SignInAttempt {
		username = (username == null) ? ""
				: (username.length() > MAX_USERNAME_LENGTH) ? username.substring(0, MAX_USERNAME_LENGTH) : username;
		// PostgreSQL stores no NUL: the row would be lost
		username = username.replace('\0', '\uFFFD');
		clientAddress = ClientAddresses.forRecord(clientAddress);
	}

}
