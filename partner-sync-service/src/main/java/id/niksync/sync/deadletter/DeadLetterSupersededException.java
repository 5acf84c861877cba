package id.niksync.sync.deadletter;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * A superseded dead letter has nothing left to decide: the replica holds its NIK at its
 * version or a newer one. Discarding it would record a decision nobody had to make.
 */
class DeadLetterSupersededException extends CodedProblemException {

	DeadLetterSupersededException(long id) {
		super(HttpStatus.CONFLICT, "DEAD_LETTER_SUPERSEDED", "Dead letter " + id
				+ " is superseded: the replica holds its NIK at its version or a newer one, nothing is left to discard");
	}

}
