package id.niksync.sync.partner;

import id.niksync.access.DatabaseUnavailable;
import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A request's audit rows could not be committed: it is answered as an outage, and nothing
 * it read leaves.
 */
class AuditUnavailableException extends CodedProblemException {

	private final String why;

	AuditUnavailableException(String why, Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.code(cause), DatabaseUnavailable.detail(cause),
				cause);
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseUnavailable.RETRY_AFTER.toSeconds()));
		this.why = why;
	}

	/** For the log: types and timeouts, never row values. */
	String why() {
		return this.why;
	}

}
