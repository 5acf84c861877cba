package id.niksync.sync.access;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

class ApiKeyNotFoundException extends CodedProblemException {

	ApiKeyNotFoundException() {
		super(HttpStatus.NOT_FOUND, "API_KEY_NOT_FOUND", "The institution has no key with that id");
	}

}
