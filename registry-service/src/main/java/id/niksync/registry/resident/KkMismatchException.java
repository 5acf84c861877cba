package id.niksync.registry.resident;

import id.niksync.registry.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * The family-card number a citizen brought is not the one on the record, or no record has
 * the NIK. Deliberately one answer for both, carrying nothing about the record: whoever
 * asks learns neither whether the NIK exists nor anything stored with it.
 */
public class KkMismatchException extends CodedProblemException {

	public static final String CODE = "KK_MISMATCH_OR_UNKNOWN";

	public KkMismatchException() {
		super(HttpStatus.UNPROCESSABLE_ENTITY, CODE,
				"No registered resident has this NIK with this family card number");
	}

}
