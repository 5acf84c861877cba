package id.niksync.sync.partner;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A lookup's read of the replica took longer than
 * {@code niksync.partner.lookup.read-timeout} and was cancelled (a lock held on the
 * replica, a stalled server): nothing was read, nothing is answered but this.
 */
class LookupTimedOutException extends CodedProblemException {

	LookupTimedOutException(Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "LOOKUP_TIMED_OUT",
				"The replica did not answer in time; try again shortly", cause);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
	}

}
