package id.niksync.access;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;

/**
 * A body field that may be left out (its default) but is never {@code null}:
 * {@code @JsonDeserialize(using = NullRefused.class)} on the field. Read as left out, a
 * {@code null} chose the default for a client that meant something else: a key rotation
 * with {@code "graceSeconds":null} stopped the institution's keys at once (attack run
 * 2026-12-06). It is {@code 400 MALFORMED_REQUEST} (the exception's message names the
 * field); a value is read as the field's type reads it. A {@code @JsonSetter(nulls = …)}
 * on the same field would take the place of this refusal.
 */
public final class NullRefused extends JsonDeserializer<Object> implements ContextualDeserializer {

	private final JsonDeserializer<Object> value;

	private final String field;

	public NullRefused() {
		this(null, null);
	}

	private NullRefused(JsonDeserializer<Object> value, String field) {
		this.value = value;
		this.field = field;
	}

	@Override
	public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
			throws JsonMappingException {
		if (property == null) {
			throw JsonMappingException.from(context, "NullRefused is for a field of a body");
		}
		return new NullRefused(context.findContextualValueDeserializer(property.getType(), property),
				property.getName());
	}

	@Override
	public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
		return this.value.deserialize(parser, context);
	}

	/** An explicit {@code null}. */
	@Override
	public Object getNullValue(DeserializationContext context) throws JsonMappingException {
		return context.reportInputMismatch(this, "%s is left out or given a value; null is neither", this.field);
	}

	/**
	 * Left out: what the field's type reads for one left out (null, 0 for a primitive).
	 */
	@Override
	public Object getAbsentValue(DeserializationContext context) throws JsonMappingException {
		return this.value.getAbsentValue(context);
	}

}
