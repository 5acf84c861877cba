package id.niksync.sync.system;

import java.util.Set;

import id.niksync.access.DatabaseUnavailable;
import id.niksync.identity.InvalidIdentifierException;
import jakarta.validation.ConstraintViolationException;
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
 * Every error leaves as RFC 9457 problem details with a stable {@code code}. Features
 * refuse with a {@link CodedProblemException} of their own, which Spring MVC renders as
 * it is; this advice covers what no feature raises: malformed identifiers and parameters,
 * unreadable bodies, Spring MVC's own refusals and the unexpected.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	/**
	 * Spring MVC refusals whose code is their status; any other is HTTP_ and the number.
	 */
	private static final Set<HttpStatus> NAMED_BY_STATUS = Set.of(HttpStatus.NOT_FOUND, HttpStatus.METHOD_NOT_ALLOWED,
			HttpStatus.NOT_ACCEPTABLE, HttpStatus.UNSUPPORTED_MEDIA_TYPE);

	@ExceptionHandler
	ProblemDetail invalidIdentifier(InvalidIdentifierException ex) {
		return Problems.validationFailed(
				ex.violations().stream().map((v) -> Problems.violation("nik", v.code(), v.message())).toList());
	}

	@ExceptionHandler
	ProblemDetail constraint(ConstraintViolationException ex) {
		return Problems.of(HttpStatus.BAD_REQUEST, "BAD_REQUEST", "Invalid request parameter");
	}

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
	 * Unreadable JSON (malformed, wrong shape, a date that is not one): the parser's
	 * message is left out because it can quote the input.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex, Problems.of(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
				"The request body is not JSON of the expected shape"), headers, status, request);
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
			problem.setProperty(Problems.CODE, (status != null && NAMED_BY_STATUS.contains(status)) ? status.name()
					: "HTTP_" + statusCode.value());
		}
		return response;
	}

}
