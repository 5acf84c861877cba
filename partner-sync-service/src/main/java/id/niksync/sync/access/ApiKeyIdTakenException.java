package id.niksync.sync.access;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/** An institution's own key whose id another key has: it must generate another key. */
class ApiKeyIdTakenException extends CodedProblemException {

	ApiKeyIdTakenException() {
		super(HttpStatus.CONFLICT, "API_KEY_ID_TAKEN", "That key id is taken: generate another key");
	}

}
