package id.niksync.sync.deadletter;

public enum DeadLetterStatus {

	/** Waiting for an operator. */
	PENDING,

	/**
	 * Sent back through nik-changes; its outcome is the replica's (or a new dead letter).
	 */
	REPLAYED,

	/** An operator decided it must not be applied. */
	DISCARDED

}
