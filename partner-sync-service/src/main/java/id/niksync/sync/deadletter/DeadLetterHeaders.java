package id.niksync.sync.deadletter;

/** Headers NIK Sync adds to records on their way through the dead-letter topic. */
public final class DeadLetterHeaders {

	/** Why the record was dead-lettered: a {@link DeadLetterReason}'s code. */
	public static final String REASON = "niksync-dlt-reason";

	/** The class of the exception that failed the record (the root cause). */
	public static final String EXCEPTION_CLASS = "niksync-dlt-exception-class";

	/** On a replayed record: the id of the dead letter it came from. */
	public static final String REPLAY_OF = "niksync-replay-of";

	private DeadLetterHeaders() {
	}

}
