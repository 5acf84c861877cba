package id.niksync.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A {@code Content-Type} that names no type ({@code *}/{@code *}, {@code application/*},
 * {@code application/*+json}) is {@code 415 UNSUPPORTED_MEDIA_TYPE} before a handler
 * reads the body. Spring MVC asserted that a request's Content-Type holds no wildcard
 * when it read one, which a signed-in caller met as a 500 with an ERROR and its stack
 * trace in the log, as often as they liked (attack run). Requests without a Content-Type
 * pass.
 */
public final class NamedContentType implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws HttpMediaTypeNotSupportedException {
		String header = request.getContentType();
		if (header == null) {
			return true;
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(header);
		}
		catch (InvalidMediaTypeException ex) {
			throw new HttpMediaTypeNotSupportedException("The Content-Type cannot be read");
		}
		if (type.isWildcardType() || type.isWildcardSubtype()) {
			throw new HttpMediaTypeNotSupportedException("The Content-Type names no type: send application/json");
		}
		return true;
	}

}
