package id.niksync.sync.deadletter;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * A replayed dead letter's bytes are back on the topic: it can no longer be discarded.
 */
class DeadLetterReplayedException extends CodedProblemException {

	DeadLetterReplayedException(long id) {
		super(HttpStatus.CONFLICT, "DEAD_LETTER_REPLAYED", "Dead letter " + id
				+ " was replayed: its outcome is the replica's, or a newer dead letter that names it in replayOf");
	}

}
