package id.niksync.registry.resident;

/** A batch with no residents, or with more than one batch may hold. */
public class InvalidBatchException extends RuntimeException {

	private final String code;

	private final int maxBatchSize;

	private InvalidBatchException(String code, String message, int maxBatchSize) {
		super(message);
		this.code = code;
		this.maxBatchSize = maxBatchSize;
	}

	static InvalidBatchException empty(int maxBatchSize) {
		return new InvalidBatchException("BATCH_EMPTY",
				"A batch holds 1 to " + maxBatchSize + " residents; it is empty", maxBatchSize);
	}

	static InvalidBatchException tooLarge(int size, int maxBatchSize) {
		return new InvalidBatchException("BATCH_TOO_LARGE",
				"A batch holds 1 to " + maxBatchSize + " residents; this one has " + size, maxBatchSize);
	}

	public String code() {
		return this.code;
	}

	public int maxBatchSize() {
		return this.maxBatchSize;
	}

}
