package id.niksync.sync.deadletter;

public enum DeadLetterStatus {

	/** Waiting for an operator. */
	PENDING,

	/**
	 * Sent back through the replay topic (nik-changes-replays); its outcome is the
	 * replica's (or a new dead letter).
	 */
	REPLAYED,

	/** An operator decided it must not be applied. */
	DISCARDED,

	/**
	 * Was pending, but the replica came to hold its NIK at its version or a newer one (a
	 * later change, a re-online): nothing left to deliver. Kept and shown; may still be
	 * replayed (the version guard finds it stale) or discarded.
	 */
	SUPERSEDED

}
