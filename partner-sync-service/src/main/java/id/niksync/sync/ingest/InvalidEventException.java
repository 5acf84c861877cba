package id.niksync.sync.ingest;

/**
 * A decodable event that breaks the contract's rules (a malformed NIK, say): retrying
 * cannot help.
 */
class InvalidEventException extends RuntimeException {

	private final String reasonCode;

	InvalidEventException(String reasonCode, String message) {
		super(message);
		this.reasonCode = reasonCode;
	}

	String reasonCode() {
		return this.reasonCode;
	}

}
