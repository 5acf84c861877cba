package id.niksync.sync.system;

import java.util.function.Supplier;

/**
 * An {@link Error} met while handling records, carried as an exception that the listener
 * container's error handler, the replica breaker and ingestion's failure classes deal
 * with. Unwrapped, a listener container stops for good on an Error (Spring Kafka:
 * "Stopping container due to an Error", every consumer of it, until a restart), and
 * resilience4j does not give back the permission of a call that threw one: a breaker in
 * half-open, allowed one call, would refuse every call after it.
 *
 * <p>
 * A stack overflow belongs to the record that caused it: it is retried and goes to the
 * dead-letter topic like any failure nobody anticipated. Any other Error (a class that
 * fails to load) would meet every record alike, so it is the environment's: retried with
 * back-off without end, never dead-lettered.
 */
public final class UnexpectedError extends RuntimeException {

	private UnexpectedError(Error error) {
		super(error.toString(), error);
	}

	/** {@code failure} as it is if it is an exception, wrapped if it is an Error. */
	public static RuntimeException of(Throwable failure) {
		if (failure instanceof RuntimeException exception) {
			return exception;
		}
		if (failure instanceof Error error) {
			return new UnexpectedError(error);
		}
		return new IllegalStateException(failure);
	}

	/** {@code work}'s value; an Error it throws, wrapped. */
	public static <T> T wrapped(Supplier<T> work) {
		try {
			return work.get();
		}
		catch (Error ex) {
			throw new UnexpectedError(ex);
		}
	}

	/** False for a stack overflow (the record's), true for any other Error. */
	public boolean environmental() {
		return !(getCause() instanceof StackOverflowError);
	}

}
