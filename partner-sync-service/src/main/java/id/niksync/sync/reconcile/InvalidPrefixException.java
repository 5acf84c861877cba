package id.niksync.sync.reconcile;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/** A reconciliation prefix that is not a region level. */
class InvalidPrefixException extends CodedProblemException {

	InvalidPrefixException() {
		super(HttpStatus.BAD_REQUEST, "PREFIX_INVALID", "prefix must be empty (whole country) or 2, 4 or 6 digits");
	}

}
