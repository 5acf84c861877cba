package id.niksync.access;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Spring MVC's JSON converter, reading only bodies that are UTF-8 (or US-ASCII, a part of
 * it) by their {@code Content-Type}: one naming another charset
 * ({@code application/json;charset=ISO-8859-1}) was decoded by that charset, past
 * {@link Utf8Only}, so the same bytes meant other text (UTF-8 {@code ā} stored as
 * {@code Ä} and a control character). Now {@code 415 UNSUPPORTED_MEDIA_TYPE}, nothing
 * read. Without a charset a body is UTF-8 (RFC 8259). In place of Spring MVC's own
 * ({@link ProblemAnswers}).
 * <p>
 * It writes UTF-8 only, whatever charset an {@code Accept} header asks for: asked for
 * {@code application/json;charset=utf-16} (or utf-32, iso-8859-1), Spring MVC's converter
 * failed to write the answer, a 500 after the change had been made, so a client retrying
 * it repeated the change (attack run 2026-12-06); {@code utf-16le} got a UTF-16 body and
 * {@code us-ascii} UTF-8 bytes labelled US-ASCII. JSON is UTF-8 (RFC 8259): the answer is
 * {@code application/json} in UTF-8, as the partner lookup's is.
 */
public class Utf8JsonMessageConverter extends MappingJackson2HttpMessageConverter {

	public Utf8JsonMessageConverter(ObjectMapper json) {
		super(json);
	}

	@Override
	protected boolean canRead(MediaType mediaType) {
		return (mediaType == null || mediaType.getParameter("charset") == null || isUtf8(mediaType))
				&& super.canRead(mediaType);
	}

	@Override
	public boolean canWrite(Class<?> type, @Nullable MediaType mediaType) {
		return super.canWrite(type, withoutCharset(mediaType));
	}

	@Override
	protected void addDefaultHeaders(HttpHeaders headers, Object value, @Nullable MediaType contentType)
			throws IOException {
		super.addDefaultHeaders(headers, value, withoutCharset(contentType));
	}

	private static MediaType withoutCharset(@Nullable MediaType mediaType) {
		return (mediaType != null && mediaType.getParameter("charset") != null)
				? new MediaType(mediaType.getType(), mediaType.getSubtype()) : mediaType;
	}

	private static boolean isUtf8(MediaType mediaType) {
		try {
			Charset charset = mediaType.getCharset();
			return StandardCharsets.UTF_8.equals(charset) || StandardCharsets.US_ASCII.equals(charset);
		}
		catch (IllegalArgumentException ex) {
			// a charset this JVM does not know, or a malformed name
			return false;
		}
	}

}
