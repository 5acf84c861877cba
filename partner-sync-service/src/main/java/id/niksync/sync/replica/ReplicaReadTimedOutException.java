package id.niksync.sync.replica;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An operator's read of the replica took longer than {@link ReplicaQueries} allows and
 * was cancelled (a lock held on the replica, a stalled server): nothing was read.
 */
class ReplicaReadTimedOutException extends CodedProblemException {

	ReplicaReadTimedOutException(Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "REPLICA_READ_TIMED_OUT",
				"The replica did not answer in time; try again shortly", cause);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
	}

}
