package id.niksync.sync.deadletter;

public class ReasonRequiredException extends RuntimeException {

	ReasonRequiredException() {
		super("Discarding a dead letter needs a reason");
	}

}
