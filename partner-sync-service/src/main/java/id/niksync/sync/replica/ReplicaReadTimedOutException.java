package id.niksync.sync.replica;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An operator's request waited for the replica longer than its statement may: a read
 * cancelled after its timeout ({@link ReplicaQueries}), or a statement that waited too
 * long for a lock ({@link ReplicaLockWaits}), as behind an {@code ALTER TABLE} or
 * {@code VACUUM FULL} of the replica. What that statement was to read or change was not.
 */
public class ReplicaReadTimedOutException extends CodedProblemException {

	public ReplicaReadTimedOutException(Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "REPLICA_READ_TIMED_OUT",
				"The replica did not answer in time; try again shortly", cause);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
	}

}
