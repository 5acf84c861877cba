package id.niksync.access;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.MediaType;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Spring MVC's JSON converter, reading only bodies that are UTF-8 (or US-ASCII, a part of
 * it) by their {@code Content-Type}: one naming another charset
 * ({@code application/json;charset=ISO-8859-1}) was decoded by that charset, past
 * {@link Utf8Only}, so the same bytes meant other text (UTF-8 {@code ā} stored as
 * {@code Ä} and a control character). Now {@code 415 UNSUPPORTED_MEDIA_TYPE}, nothing
 * read. Without a charset a body is UTF-8 (RFC 8259). In place of Spring MVC's own
 * ({@link ProblemAnswers}).
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
