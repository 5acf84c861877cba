package id.niksync.sync.deadletter;

/**
 * Why a record was dead-lettered: one code per kind of failure that belongs to the
 * record. The code is the constant's name, and it is the same everywhere: the
 * {@link DeadLetterHeaders#REASON} header, the {@code dead_letter} table, the ops API and
 * the metrics' {@code reason} tag. Renaming a constant changes the wire.
 */
public enum DeadLetterReason {

	/**
	 * Not signed by the registry: no signature, a key id none of the verification keys
	 * has, or a signature that does not match. Checked before anything else; never
	 * applied, and a replay is checked again.
	 */
	SIGNATURE_INVALID,

	/** Not Avro single-object encoding, or a body that does not match its schema. */
	DESERIALIZATION,

	/** A schema fingerprint this consumer does not know (yet): replay once it does. */
	UNKNOWN_SCHEMA,

	/** The event's NIK breaks the NIK rules. */
	INVALID_NIK,

	/** The resident's family-card number breaks the KK rules. */
	INVALID_KK,

	/** Record key, event NIK and resident NIK differ. */
	KEY_MISMATCH,

	/** The event breaks another rule of the contract (a version below 1). */
	INVALID_EVENT,

	/** The replica refused the row (a value too long, say). */
	CONSTRAINT_VIOLATION,

	/** No reason was given, or one this version does not know. */
	UNCLASSIFIED;

	/** The code on the wire and in the database. */
	public String code() {
		return name();
	}

	/**
	 * Never fails: a missing code, or one this version does not know (a row from another
	 * version, a header someone else wrote), reads as {@link #UNCLASSIFIED}.
	 */
	public static DeadLetterReason fromCode(String code) {
		for (DeadLetterReason reason : values()) {
			if (reason.code().equals(code)) {
				return reason;
			}
		}
		return UNCLASSIFIED;
	}

}
