package id.niksync.sync.partner;

import java.time.Duration;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

class RateLimitedException extends CodedProblemException {

	RateLimitedException(Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "Too many requests for this institution's limit");
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
	}

}
