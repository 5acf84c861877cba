package id.niksync.identity;

import java.io.Serializable;
import java.util.Objects;

/**
 * One rule an identifier breaks: a stable {@code code} for machines (API problem details,
 * dead-letter reasons) and an English {@code message} for people. Messages never contain
 * the input, which is personal data.
 *
 * @param code the stable code, e.g. {@code NIK_SERIAL_ZERO}
 * @param message the human-readable explanation
 */
public record Violation(String code, String message) implements Serializable {

	public Violation {
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(message, "message");
	}

}
