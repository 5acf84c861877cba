package id.niksync.sync.replica;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An operator's request waited for the replica longer than its statement may
 * ({@link ReplicaQueries}, the dead letters' supersession) and the statement was
 * cancelled (a lock held on the replica, a stalled server): nothing was read or changed.
 */
public class ReplicaReadTimedOutException extends CodedProblemException {

	public ReplicaReadTimedOutException(Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "REPLICA_READ_TIMED_OUT",
				"The replica did not answer in time; try again shortly", cause);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
	}

}
