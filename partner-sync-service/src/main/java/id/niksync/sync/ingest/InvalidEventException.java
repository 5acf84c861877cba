package id.niksync.sync.ingest;

import id.niksync.sync.deadletter.DeadLetterReason;

/**
 * A decodable event that breaks the contract's rules (a malformed NIK, say): retrying
 * cannot help.
 */
class InvalidEventException extends RuntimeException {

	private final DeadLetterReason reason;

	InvalidEventException(DeadLetterReason reason, String message) {
		super(message);
		this.reason = reason;
	}

	DeadLetterReason reason() {
		return this.reason;
	}

}
