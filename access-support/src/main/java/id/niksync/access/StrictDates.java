package id.niksync.access;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

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
 */
public final class StrictDates extends SimpleModule {

	private static final long serialVersionUID = 1L;

	public StrictDates() {
		super("StrictDates");
		addDeserializer(LocalDate.class, new Strict());
	}

	private static final class Strict extends StdScalarDeserializer<LocalDate> {

		private static final long serialVersionUID = 1L;

		Strict() {
			super(LocalDate.class);
		}

		@Override
		public LocalDate deserialize(JsonParser parser, DeserializationContext context) throws IOException {
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				return (LocalDate) context.handleUnexpectedToken(LocalDate.class, parser);
			}
			String text = parser.getText();
			LocalDate date;
			try {
				date = LocalDate.parse(text);
			}
			catch (DateTimeParseException ex) {
				return (LocalDate) context.handleWeirdStringValue(LocalDate.class, text,
						"a date is written yyyy-MM-dd");
			}
			// one spelling per date: "+01985-08-17" parses as 1985-08-17 too
			if (!date.toString().equals(text)) {
				return (LocalDate) context.handleWeirdStringValue(LocalDate.class, text,
						"a date is written yyyy-MM-dd");
			}
			return date;
		}

	}

}
