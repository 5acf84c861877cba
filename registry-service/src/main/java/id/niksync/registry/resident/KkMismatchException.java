package id.niksync.registry.resident;

/**
 * The family-card number a citizen brought is not the one on the record. Deliberately
 * carries nothing about the record: the answer must be the same whatever is stored.
 */
public class KkMismatchException extends RuntimeException {

	KkMismatchException() {
		super("The family card number does not match the record");
	}

}
