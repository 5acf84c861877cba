package id.niksync.registry.digest;

import id.niksync.registry.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/** A digest prefix that is not a region level. */
class InvalidPrefixException extends CodedProblemException {

	InvalidPrefixException() {
		super(HttpStatus.BAD_REQUEST, "PREFIX_INVALID", "prefix must be empty or 2, 4 or 6 digits");
	}

}
