package id.niksync.sync.partner;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Every read a lookup may make at once is taken and none came free within the turn wait:
 * the replica's reads are stuck or far behind. Refused rather than queued, so that they
 * never hold every connection the service has.
 */
class LookupsBusyException extends CodedProblemException {

	LookupsBusyException() {
		super(HttpStatus.SERVICE_UNAVAILABLE, "LOOKUPS_BUSY",
				"Too many lookups are reading the replica at once; try again shortly");
		getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
	}

}
