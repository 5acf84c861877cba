package id.niksync.sync.deadletter;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * Kafka did not take the replay; the dead letter is unchanged and can be replayed again.
 */
class ReplayFailedException extends CodedProblemException {

	ReplayFailedException(long id, Exception cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "REPLAY_FAILED",
				"Kafka did not acknowledge the replay of dead letter " + id, cause);
	}

}
