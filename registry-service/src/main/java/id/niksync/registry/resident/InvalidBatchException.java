package id.niksync.registry.resident;

import id.niksync.registry.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/** A batch with no residents, or with more than one batch may hold. */
class InvalidBatchException extends CodedProblemException {

	private InvalidBatchException(String code, String detail, int maxBatchSize) {
		super(HttpStatus.BAD_REQUEST, code, detail);
		getBody().setProperty("maxBatchSize", maxBatchSize);
	}

	static InvalidBatchException empty(int maxBatchSize) {
		return new InvalidBatchException("BATCH_EMPTY",
				"A batch holds 1 to " + maxBatchSize + " residents; it is empty", maxBatchSize);
	}

	static InvalidBatchException tooLarge(int size, int maxBatchSize) {
		return new InvalidBatchException("BATCH_TOO_LARGE",
				"A batch holds 1 to " + maxBatchSize + " residents; this one has " + size, maxBatchSize);
	}

}
