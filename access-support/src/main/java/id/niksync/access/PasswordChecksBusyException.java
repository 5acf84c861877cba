package id.niksync.access;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/**
 * The password could not be checked in time: as many checks as may run at once were
 * running ({@link PasswordChecks}). Answered 503 with Retry-After; the credentials were
 * neither accepted nor refused.
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

}
