package id.niksync.sync.ingest;

import java.util.List;

import id.niksync.schemas.EventDecodingException;
import id.niksync.sync.deadletter.DeadLetterReason;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * Tells a record's failures from the environment's. A failure that belongs to the record
 * (somewhere in the cause chain) has a {@link DeadLetterReason} and goes to the
 * dead-letter topic at once; anything else is the environment's and is retried.
 */
final class FailureClassifier {

	/** The failures that belong to the record: retrying cannot help. */
	static final List<Class<? extends Exception>> RECORD_FAILURES = List.of(EventDecodingException.class,
			InvalidEventException.class, DataIntegrityViolationException.class);

	private FailureClassifier() {
	}

	static DeadLetterReason reasonFor(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof EventDecodingException decoding) {
				return switch (decoding.reason()) {
					case UNKNOWN_SCHEMA -> DeadLetterReason.UNKNOWN_SCHEMA;
					case DESERIALIZATION -> DeadLetterReason.DESERIALIZATION;
				};
			}
			if (cause instanceof InvalidEventException invalid) {
				return invalid.reason();
			}
			if (cause instanceof DataIntegrityViolationException) {
				return DeadLetterReason.CONSTRAINT_VIOLATION;
			}
		}
		return DeadLetterReason.UNCLASSIFIED;
	}

}
