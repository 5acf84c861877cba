package id.niksync.sync.deadletter;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/** A discarded dead letter is final: it is neither replayed nor discarded again. */
class DeadLetterDiscardedException extends CodedProblemException {

	DeadLetterDiscardedException(long id) {
		super(HttpStatus.CONFLICT, "DEAD_LETTER_DISCARDED", "Dead letter " + id + " was discarded");
	}

}
