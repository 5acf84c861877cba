package id.niksync.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes on the topic that cannot be turned into a {@code NikChanged}. The failure is a
 * property of the record, not of the environment: retrying will not help, so consumers
 * dead-letter it with {@link #reasonCode()}.
 */
public class EventDecodingException extends SerializationException {

	/** Stable reason codes, used as dead-letter reasons. */
	public enum Reason {

		/**
		 * The single-object header names a schema fingerprint this consumer does not
		 * know.
		 */
		UNKNOWN_SCHEMA,

		/** Not Avro single-object encoding, or a body that does not match its schema. */
		DESERIALIZATION

	}

	private final Reason reason;

	public EventDecodingException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	public String reasonCode() {
		return this.reason.name();
	}

}
