package id.niksync.registry.resident;

import id.niksync.registry.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * The family-card number a citizen brought is not the one on the record. Deliberately
 * carries nothing about the record: the answer must be the same whatever is stored.
 */
public class KkMismatchException extends CodedProblemException {

	KkMismatchException() {
		super(HttpStatus.UNPROCESSABLE_ENTITY, "KK_MISMATCH", "The family card number does not match the record");
	}

}
