package id.niksync.registry.system;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonMappingException;
import id.niksync.access.DatabaseUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as RFC 9457 problem details with a stable {@code code}; clients
 * switch on the code, never on the message. Features refuse with a
 * {@link CodedProblemException} of their own, which Spring MVC renders as it is; this
 * advice covers what no feature raises: unreadable bodies, Spring MVC's own refusals and
 * the unexpected.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private static final Map<HttpStatus, String> SPRING_MVC_CODES = Map.of(HttpStatus.NOT_FOUND, "NOT_FOUND",
			HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", HttpStatus.UNSUPPORTED_MEDIA_TYPE,
			"UNSUPPORTED_MEDIA_TYPE", HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE", HttpStatus.BAD_REQUEST,
			"BAD_REQUEST");

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (DatabaseUnavailable.causedBy(ex)) {
			return databaseUnavailable(ex);
		}
		log.error("Unhandled error", ex);
		return ResponseEntity.internalServerError()
			.body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "An unexpected error occurred"));
	}

	/**
	 * 503 with {@code Retry-After}: the database cannot be reached (no connection within
	 * the pool's connection timeout, a connection that broke): the client's to retry, not
	 * a fault of the request or of the service.
	 */
	private static ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
		log.warn("Database unavailable, answered 503 ({})", DatabaseUnavailable.describe(ex));
		ErrorResponse outage = DatabaseUnavailable.response(ex);
		return ResponseEntity.status(outage.getStatusCode()).headers(outage.getHeaders()).body(outage.getBody());
	}

	/**
	 * Names the field that cannot be read, never the value: the parser's message can
	 * quote the input.
	 */
	/** A body without a Content-Length that turned out too large as it was read. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> bodyTooLarge(RequestBodyLimitFilter.BodyTooLargeException ex) {
		return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(RequestBodyLimitFilter.tooLarge(ex.limit()));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyLimitFilter.BodyTooLargeException tooLarge = causeOf(ex,
				RequestBodyLimitFilter.BodyTooLargeException.class);
		if (tooLarge != null) {
			return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
				.body(RequestBodyLimitFilter.tooLarge(tooLarge.limit()));
		}
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
				"The request body is not valid JSON for this resource");
		if (ex.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
			String field = mapping.getPath()
				.stream()
				.map((ref) -> (ref.getFieldName() != null) ? ref.getFieldName() : "[" + ref.getIndex() + "]")
				.reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
				.orElse("");
			problem.setProperty("violations",
					List.of(Problems.violation(field, "FIELD_UNREADABLE", "value cannot be read for this field")));
		}
		return ResponseEntity.badRequest().body(problem);
	}

	private static <T extends Throwable> T causeOf(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/** Adds a {@code code} to the problems Spring MVC raises itself (405, 415, 404 …). */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		// After super: for most of them (404, 405, 415 …) Spring MVC only creates the
		// body
		// there.
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem && !Problems.hasCode(problem)) {
			HttpStatus status = HttpStatus.resolve(statusCode.value());
			problem.setProperty(Problems.CODE, (status != null && SPRING_MVC_CODES.containsKey(status))
					? SPRING_MVC_CODES.get(status) : "HTTP_" + statusCode.value());
		}
		return response;
	}

}
