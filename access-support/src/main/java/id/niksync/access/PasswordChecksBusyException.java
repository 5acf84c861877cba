package id.niksync.access;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;

/**
 * The password could not be checked in time: as many checks as may run at once were
 * running ({@link PasswordChecks}). Answered 503 with Retry-After, at sign-in and when a
 * password change checks the current password; the credentials were neither accepted nor
 * refused.
 */
public class PasswordChecksBusyException extends AuthenticationException {

	private final Duration retryAfter;

	public PasswordChecksBusyException(Duration retryAfter) {
		super("Too many password checks at once");
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

	/** The {@code Retry-After} header's value, whole seconds. */
	public String retryAfterSeconds() {
		return Problems.retryAfterSeconds(this.retryAfter);
	}

	/** The answer: {@code 503 SIGN_IN_BUSY}, wherever the check was turned away. */
	public ProblemDetail problem() {
		return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "SIGN_IN_BUSY",
				"Too many passwords are being checked at once; try again shortly");
	}

}
