package id.niksync.access;

/**
 * One reason a password is refused. Services answer 400 with every violation, named by
 * its {@link Code}; the message never quotes the password.
 */
public record PasswordViolation(Code code, String message) {

	/** Stable: clients switch on these. */
	public enum Code {

		/** Fewer than {@link PasswordPolicy#MIN_LENGTH} characters. */
		PASSWORD_TOO_SHORT,

		/** More than {@link PasswordPolicy#MAX_BYTES} bytes in UTF-8. */
		PASSWORD_TOO_LONG,

		/** Too few different characters, a sequence or a keyboard row. */
		PASSWORD_TOO_WEAK,

		/** The username (or it reversed) with too little else. */
		PASSWORD_CONTAINS_USERNAME,

		/** A common password, perhaps with digits or symbols around it. */
		PASSWORD_TOO_COMMON,

		/**
		 * An unpaired surrogate (half of a UTF-16 pair without the other), which UTF-8
		 * cannot hold: it was hashed as {@code ?}, so a password of twelve of them passed
		 * the rules as twelve different characters and was {@code ????????????}.
		 */
		PASSWORD_TEXT_INVALID

	}

}
