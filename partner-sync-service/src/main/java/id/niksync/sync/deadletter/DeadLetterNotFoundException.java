package id.niksync.sync.deadletter;

public class DeadLetterNotFoundException extends RuntimeException {

	DeadLetterNotFoundException(long id) {
		super("No dead letter " + id);
	}

}
