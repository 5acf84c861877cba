package id.niksync.access;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Refuses a NUL character in any text of a request body: PostgreSQL cannot store one in
 * text, so a reason or a name carrying {@code \u0000} used to pass validation and fail at
 * the insert with a 500. Refused while the body is read, it is a
 * {@code 400 MALFORMED_REQUEST} like any other unreadable body, and nothing is written.
 */
public final class NoNulStrings extends SimpleModule {

	public NoNulStrings() {
		super("NoNulStrings");
		addDeserializer(String.class, new Refusing());
	}

	private static final class Refusing extends StringDeserializer {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
			String value = super.deserialize(parser, context);
			if (value != null && value.indexOf('\u0000') >= 0) {
				return (String) context.handleWeirdStringValue(String.class, value.replace('\u0000', '?'),
						"text may not contain the NUL character (\\u0000)");
			}
			return value;
		}

	}

}
