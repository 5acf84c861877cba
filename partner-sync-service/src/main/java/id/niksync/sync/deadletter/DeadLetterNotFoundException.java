package id.niksync.sync.deadletter;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

class DeadLetterNotFoundException extends CodedProblemException {

	DeadLetterNotFoundException(long id) {
		super(HttpStatus.NOT_FOUND, "DEAD_LETTER_NOT_FOUND", "No dead letter " + id);
	}

}
