package id.niksync.sync.partner;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * The caller knows of a newer version than the replica has yet: never answer stale data.
 */
class ReplicaBehindException extends CodedProblemException {

	ReplicaBehindException(long minVersion, long replicaVersion) {
		super(HttpStatus.CONFLICT, "REPLICA_BEHIND",
				"The replica does not have version " + minVersion + " yet; retry shortly");
		getBody().setProperty("minVersion", minVersion);
		getBody().setProperty("replicaVersion", replicaVersion);
	}

}
