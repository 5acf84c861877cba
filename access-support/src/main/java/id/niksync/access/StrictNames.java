package id.niksync.access;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * A name in a request body (a sex, a status, a role, an institution type) is written as
 * it is: Jackson's own reading took one with blanks around it for the name
 * ({@code "status":"ACTIVE\t"}, {@code "roles":[" REGISTRAR"]}, attack run 2026-12-05),
 * so one value had many spellings (a control character at either end,
 * {@code "INACTIVE\u0000"}, too). Such a name is refused while the body is read:
 * {@code 400 MALFORMED_REQUEST}, the field named, as for a name that does not exist.
 */
public final class StrictNames extends SimpleModule {

	private static final long serialVersionUID = 1L;

	public StrictNames() {
		super("StrictNames");
		setDeserializerModifier(new BeanDeserializerModifier() {

			private static final long serialVersionUID = 1L;

			@Override
			public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
					BeanDescription description, JsonDeserializer<?> deserializer) {
				return new Untrimmed(deserializer);
			}

		});
	}

	/** The name's own deserializer, after a look for blanks around it. */
	private static final class Untrimmed extends DelegatingDeserializer {

		private static final long serialVersionUID = 1L;

		Untrimmed(JsonDeserializer<?> names) {
			super(names);
		}

		@Override
		protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> names) {
			return new Untrimmed(names);
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
			if (parser.hasToken(JsonToken.VALUE_STRING)) {
				String text = parser.getText();
				// trim: Jackson's own look-up trims every character up to U+0020, control
				// characters included, which strip leaves (attack run 2026-12-05)
				if (!text.equals(text.strip()) || !text.equals(text.trim())) {
					return context.handleWeirdStringValue(handledType(), text,
							"a name is written as it is, without blanks around it");
				}
			}
			return super.deserialize(parser, context);
		}

	}

}
