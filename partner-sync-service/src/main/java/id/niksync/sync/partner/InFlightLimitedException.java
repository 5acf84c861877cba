package id.niksync.sync.partner;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * As many of the institution's requests as {@code niksync.partner.max-in-flight} are in
 * progress on this instance.
 */
class InFlightLimitedException extends CodedProblemException {

	InFlightLimitedException(int maxInFlight) {
		super(HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_IN_FLIGHT",
				"This institution has " + maxInFlight + " requests in progress here already");
		getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
	}

}
