package id.niksync.sync;

import java.util.List;
import java.util.Map;

import id.niksync.identity.InvalidIdentifierException;
import id.niksync.sync.audit.Operators;
import id.niksync.sync.deadletter.DeadLetterDiscardedException;
import id.niksync.sync.deadletter.DeadLetterNotFoundException;
import id.niksync.sync.deadletter.ReasonRequiredException;
import id.niksync.sync.deadletter.ReplayFailedException;
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
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error leaves as RFC 9457 problem details with a stable {@code code}. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler
	ProblemDetail invalidIdentifier(InvalidIdentifierException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
				"The request breaks " + ex.violations().size() + " rule(s)");
		problem.setProperty("violations",
				ex.violations()
					.stream()
					.map((v) -> Map.of("field", "nik", "code", v.code(), "message", v.message()))
					.toList());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail operatorRequired(Operators.OperatorRequiredException ex) {
		return problem(HttpStatus.BAD_REQUEST, "OPERATOR_REQUIRED", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail reasonRequired(ReasonRequiredException ex) {
		return problem(HttpStatus.BAD_REQUEST, "REASON_REQUIRED", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail constraint(ConstraintViolationException ex) {
		return problem(HttpStatus.BAD_REQUEST, "BAD_REQUEST", "Invalid request parameter");
	}

	@ExceptionHandler
	ProblemDetail deadLetterNotFound(DeadLetterNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "DEAD_LETTER_NOT_FOUND", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail deadLetterDiscarded(DeadLetterDiscardedException ex) {
		return problem(HttpStatus.CONFLICT, "DEAD_LETTER_DISCARDED", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail replayFailed(ReplayFailedException ex) {
		log.warn("{}: {}", ex.getMessage(), String.valueOf(ex.getCause()));
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "REPLAY_FAILED", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		log.error("Unhandled error", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "An unexpected error occurred");
	}

	/**
	 * Unreadable JSON (malformed, wrong shape, a date that is not one): the parser's
	 * message is left out because it can quote the input.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex, problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
				"The request body is not JSON of the expected shape"), headers, status, request);
	}

	/** Adds a {@code code} to the problems Spring MVC raises itself (405, 415, 404 …). */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
			problem.setProperty("code",
					List.of(HttpStatus.NOT_FOUND, HttpStatus.METHOD_NOT_ALLOWED)
						.stream()
						.filter((s) -> s.value() == statusCode.value())
						.map(HttpStatus::name)
						.findFirst()
						.orElse("HTTP_" + statusCode.value()));
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

	private static ProblemDetail problem(HttpStatus status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty("code", code);
		return problem;
	}

}
