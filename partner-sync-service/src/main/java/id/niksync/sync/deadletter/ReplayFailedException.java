package id.niksync.sync.deadletter;

/**
 * Kafka did not take the replay; the dead letter is unchanged and can be replayed again.
 */
public class ReplayFailedException extends RuntimeException {

	ReplayFailedException(long id, Exception cause) {
		super("Kafka did not acknowledge the replay of dead letter " + id, cause);
	}

}
