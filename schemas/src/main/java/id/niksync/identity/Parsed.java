package id.niksync.identity;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of parsing an identifier: the value, or every rule the input breaks.
 * Parsing does not throw on bad input so that callers can report all violations at once
 * instead of only the first.
 *
 * @param <T> the identifier type
 */
public sealed interface Parsed<T> permits Parsed.Valid, Parsed.Invalid {

	/**
	 * Return the rules the input breaks.
	 * @return the violations, empty when the input is valid
	 */
	List<Violation> violations();

	default boolean isValid() {
		return this instanceof Valid;
	}

	/**
	 * Return the value, or throw when the input was invalid.
	 * @return the parsed value
	 * @throws InvalidIdentifierException carrying every violation if the input was
	 * invalid
	 */
	default T orElseThrow() {
		if (this instanceof Valid<T> valid) {
			return valid.value();
		}
		throw new InvalidIdentifierException(violations());
	}

	/**
	 * A successfully parsed identifier.
	 *
	 * @param <T> the identifier type
	 * @param value the identifier
	 */
	record Valid<T>(T value) implements Parsed<T> {

		public Valid {
			Objects.requireNonNull(value, "value");
		}

		@Override
		public List<Violation> violations() {
			return List.of();
		}

	}

	/**
	 * Input that breaks at least one rule.
	 *
	 * @param <T> the identifier type
	 * @param violations every rule the input breaks, never empty
	 */
	record Invalid<T>(List<Violation> violations) implements Parsed<T> {

		public Invalid {
			violations = List.copyOf(violations);
			if (violations.isEmpty()) {
				throw new IllegalArgumentException("An invalid result needs at least one violation");
			}
		}

	}

}
