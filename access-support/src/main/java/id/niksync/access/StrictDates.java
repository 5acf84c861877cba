package id.niksync.access;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * A date in a request body is text, {@code yyyy-MM-dd} and nothing else. Jackson's own
 * reading also took {@code "1985-08-17T00:00:00Z"} (the time dropped, an offset elsewhere
 * refused), {@code [1985,8,17]} and a date with blanks around it, so one field had
 * several spellings and a time of day was silently cut off; so did a year with a sign and
 * leading zeros ({@code +01985-08-17}). A year outside 0000–9999 keeps the one spelling
 * {@link LocalDate#toString} gives it ({@code -5000-06-05}), so that a field's own range
 * check can name it. Anything else is refused while the body is read:
 * {@code 400 MALFORMED_REQUEST}, the field named, as for a date no calendar holds.
 * <p>
 * An instant likewise is ISO 8601 text with its offset ({@code 2026-12-05T00:00:00Z},
 * {@code 2026-12-05T07:00:00+07:00}), a four-digit year (a signed one outside 0000–9999,
 * for the field's range check to name) and nothing around it, as the query parameters of
 * the same routes take it: Jackson's own reading took a number as seconds since 1970
 * ({@code "from":20261205} filtered a bulk replay from 1970-08-23, attack run
 * 2026-12-05), a string of digits likewise, and blanks around the text.
 */
public final class StrictDates extends SimpleModule {

	private static final long serialVersionUID = 1L;

	private static final StrictInstant INSTANT = new StrictInstant();

	public StrictDates() {
		super("StrictDates");
		addDeserializer(LocalDate.class, new Strict());
		addDeserializer(Instant.class, INSTANT);
	}

	/**
	 * Text only, and one spelling of it: what {@link #read} does not return is refused
	 * with {@code rule}.
	 */
	private abstract static class OneSpelling<T> extends StdScalarDeserializer<T> {

		private static final long serialVersionUID = 1L;

		private final String rule;

		OneSpelling(Class<T> type, String rule) {
			super(type);
			this.rule = rule;
		}

		/**
		 * @return the value the text is the one spelling of, or null
		 */
		abstract T read(String text);

		@Override
		@SuppressWarnings("unchecked")
		public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				return (T) context.handleUnexpectedToken(handledType(), parser);
			}
			String text = parser.getText();
			T value;
			try {
				value = read(text);
			}
			catch (DateTimeParseException ex) {
				value = null;
			}
			return (value != null) ? value : (T) context.handleWeirdStringValue(handledType(), text, this.rule);
		}

	}

	private static final class StrictInstant extends OneSpelling<Instant> {

		private static final long serialVersionUID = 1L;

		/**
		 * A date (a year of four digits, or with a sign as LocalDate writes those outside
		 * 0000-9999), then a time and an offset; a decimal point only before digits
		 * ({@code 00:00:00.Z} parsed as {@code 00:00:00Z}, attack run 2026-12-06).
		 */
		private static final Pattern SHAPE = Pattern
			.compile("(\\d{4}|[+-]\\d{4,})-\\d{2}-\\d{2}T(?!\\S*\\.(?!\\d))\\S+");

		StrictInstant() {
			super(Instant.class, "an instant is ISO 8601 text with an offset, e.g. 2026-12-05T00:00:00Z");
		}

		@Override
		Instant read(String text) {
			if (!SHAPE.matcher(text).matches()) {
				return null;
			}
			OffsetDateTime at = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
			// one spelling per year: "+02026" is 2026 too; a year outside 0000-9999 is
			// left to the field's own range check to name
			boolean signed = !Character.isDigit(text.charAt(0));
			return (signed == (at.getYear() < 0 || at.getYear() > 9999)) ? at.toInstant() : null;
		}

	}

	/**
	 * The rule of an instant in a body, for a query parameter
	 * ({@link StrictQueryParameters}).
	 * @return the instant {@code text} is the one spelling of, or null
	 */
	static Instant instant(String text) {
		try {
			return INSTANT.read(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}

	}

	private static final class Strict extends OneSpelling<LocalDate> {

		private static final long serialVersionUID = 1L;

		Strict() {
			super(LocalDate.class, "a date is written yyyy-MM-dd");
		}

		@Override
		LocalDate read(String text) {
			LocalDate date = LocalDate.parse(text);
			// one spelling per date: "+01985-08-17" parses as 1985-08-17 too
			return date.toString().equals(text) ? date : null;
		}

	}

}
