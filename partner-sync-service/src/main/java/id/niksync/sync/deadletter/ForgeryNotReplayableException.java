package id.niksync.sync.deadletter;

import id.niksync.schemas.signing.EventVerifier;
import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * A letter whose record does not carry a valid signature of the registry, checked against
 * the keys partner-sync holds now: sent again it would be refused again. (A genuine
 * record refused for a key partner-sync did not yet hold replays once the key is
 * configured.)
 */
class ForgeryNotReplayableException extends CodedProblemException {

	ForgeryNotReplayableException(long id, EventVerifier.Outcome signature) {
		super(HttpStatus.CONFLICT, "DEAD_LETTER_NOT_REPLAYABLE", "Dead letter " + id
				+ " has no valid signature of the registry (" + signature + ") under the keys configured now: it is"
				+ " never sent again. Discard it; if the NIK is missing on the replica, re-online it from the registry");
	}

}
