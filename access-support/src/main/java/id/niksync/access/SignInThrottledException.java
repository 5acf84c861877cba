package id.niksync.access;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/** Too many refused sign-ins from this address lately: answered 429 with Retry-After. */
public class SignInThrottledException extends AuthenticationException {

	private final Duration retryAfter;

	public SignInThrottledException(Duration retryAfter) {
		super("Too many refused sign-ins from this address");
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
