package id.niksync.sync.deadletter;

/** A discarded dead letter is final: it is neither replayed nor discarded again. */
public class DeadLetterDiscardedException extends RuntimeException {

	DeadLetterDiscardedException(long id) {
		super("Dead letter " + id + " was discarded");
	}

}
