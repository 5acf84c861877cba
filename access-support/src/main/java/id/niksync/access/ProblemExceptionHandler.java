package id.niksync.access;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import com.fasterxml.jackson.databind.JsonMappingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * What both services' advice does alike, so a refusal Spring MVC raises reads the same on
 * either: a {@code code} on every problem (its status's name when nothing else names it,
 * e.g. {@code METHOD_NOT_ALLOWED}); a query or path parameter that is missing, cannot be
 * read as its type or breaks a constraint is {@code 400 VALIDATION_FAILED} with a
 * violation naming the parameter, never quoting its value, like a field of a body; the
 * unexpected is {@code 500 INTERNAL_ERROR}, logged. Every body is
 * {@code application/problem+json}, whatever the {@code Accept} header asks for: a client
 * that accepts nothing we write still learns why.
 */
public abstract class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	/**
	 * The unexpected is a 500, logged; a database that cannot be reached is
	 * {@code 503 DATABASE_UNAVAILABLE} with {@code Retry-After}: the client's to retry,
	 * not a fault of the request or of the service.
	 */
	@ExceptionHandler
	protected ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		if (DatabaseUnavailable.causedBy(ex)) {
			log.warn("Database unavailable or locked, answered 503 {} ({})", DatabaseUnavailable.code(ex),
					DatabaseUnavailable.describe(ex));
			ErrorResponse outage = DatabaseUnavailable.response(ex);
			HttpHeaders headers = new HttpHeaders();
			headers.putAll(outage.getHeaders());
			return handleExceptionInternal(ex, outage.getBody(), headers, outage.getStatusCode(), request);
		}
		log.error("Unhandled error", ex);
		return problem(ex, Problems.ofStatus(HttpStatus.INTERNAL_SERVER_ERROR), request);
	}

	/**
	 * A password change checks the current password: turned away when as many checks as
	 * may run are running ({@link PasswordChecks}), as sign-in is.
	 */
	@ExceptionHandler
	protected ResponseEntity<Object> passwordChecksBusy(PasswordChecksBusyException ex, WebRequest request) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, ex.retryAfterSeconds());
		return handleExceptionInternal(ex, ex.problem(), headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	/**
	 * A body without a Content-Length that turned out too large as it was read
	 * ({@link RequestBodyLimitFilter}).
	 */
	@ExceptionHandler
	protected ResponseEntity<Object> bodyTooLarge(RequestBodyLimitFilter.BodyTooLargeException ex, WebRequest request) {
		return problem(ex, RequestBodyLimitFilter.tooLarge(ex.limit()), request);
	}

	/**
	 * A body that cannot be read: {@code 413} when reading it failed for its limit (the
	 * parser wraps the failure), otherwise the service's {@link #unreadableBody}.
	 */
	@Override
	protected final ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestBodyLimitFilter.BodyTooLargeException tooLarge) {
				return problem(ex, RequestBodyLimitFilter.tooLarge(tooLarge.limit()), request);
			}
		}
		return unreadableBody(ex, request);
	}

	/**
	 * Unreadable JSON (malformed, of the wrong shape): {@code 400 MALFORMED_REQUEST}
	 * without the parser's message, which can quote the input; when the parser got as far
	 * as a field, a violation names it ({@code items[3].sex}), never its value.
	 */
	protected final ResponseEntity<Object> unreadableBody(HttpMessageNotReadableException ex, WebRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", unreadableBodyDetail());
		if (ex.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
			String field = mapping.getPath()
				.stream()
				.map((ref) -> (ref.getFieldName() != null) ? ref.getFieldName() : "[" + ref.getIndex() + "]")
				.reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
				.orElse("");
			problem.setProperty("violations",
					List.of(Problems.violation(field, "FIELD_UNREADABLE", "value cannot be read for this field")));
		}
		return problem(ex, problem, request);
	}

	/** The {@code detail} of a {@code MALFORMED_REQUEST}. */
	protected String unreadableBodyDetail() {
		return "The request body is not JSON of the expected shape";
	}

	/**
	 * Spring Security's firewall checks header values when they are read: a header the
	 * application reads late (a partner's {@code X-Purpose} holding UTF-8 bytes, which
	 * arrive as C1 control characters) is refused then, from inside Spring MVC.
	 */
	@ExceptionHandler
	protected ResponseEntity<Object> requestRejected(RequestRejectedException ex, WebRequest request) {
		return problem(ex,
				Problems.of(HttpStatus.BAD_REQUEST, SecurityProblems.REQUEST_REJECTED,
						"A header holds characters that are not allowed (header values are printable ISO-8859-1)"),
				request);
	}

	/** A constraint on a parameter of a {@code @Validated} controller. */
	@ExceptionHandler
	protected ResponseEntity<Object> constraintViolated(ConstraintViolationException ex, WebRequest request) {
		return problem(ex,
				Problems.validationFailed(ex.getConstraintViolations()
					.stream()
					.map((violation) -> Problems.violation(parameterOf(violation), codeOf(constraintOf(violation)),
							violation.getMessage()))
					.sorted((a, b) -> a.get("field").compareTo(b.get("field")))
					.toList()),
				request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(ex,
				Problems.validationFailed(ex.getParameterValidationResults()
					.stream()
					.flatMap((result) -> result.getResolvableErrors()
						.stream()
						.map((error) -> Problems.violation(result.getMethodParameter().getParameterName(),
								codeOf(constraintOf(error)), error.getDefaultMessage())))
					.toList()),
				request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(ex,
				Problems.validationFailed(ex.getFieldErrors()
					.stream()
					.map((error) -> Problems.violation(error.getField(), codeOf(constraintOf(error)),
							error.getDefaultMessage()))
					.toList()),
				request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(ex,
				Problems.validationFailed(List
					.of(Problems.violation(ex.getParameterName(), "FIELD_REQUIRED", "the parameter is required"))),
				request);
	}

	@Override
	protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex instanceof MissingRequestHeaderException missing) {
			return problem(ex,
					Problems.validationFailed(List
						.of(Problems.violation(missing.getHeaderName(), "FIELD_REQUIRED", "the header is required"))),
					request);
		}
		return super.handleServletRequestBindingException(ex, headers, status, request);
	}

	/**
	 * An answer that could not be written is a 500 of the service's own, logged as the
	 * unexpected is (Spring MVC answered it silently: attack run 2026-12-06).
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotWritable(HttpMessageNotWritableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		log.error("Answer could not be written", ex);
		return super.handleHttpMessageNotWritable(ex, headers, status, request);
	}

	/** Spring's detail would quote the value; the violation says what was expected. */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException argument) ? argument.getName()
				: ex.getPropertyName();
		return problem(ex,
				Problems.validationFailed(
						List.of(Problems.violation(name, "FIELD_UNREADABLE", expected(ex.getRequiredType())))),
				request);
	}

	/**
	 * @param problem built with a code
	 * @return the problem as the answer, {@code application/problem+json}
	 */
	protected final ResponseEntity<Object> problem(Exception ex, ProblemDetail problem, WebRequest request) {
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatusCode.valueOf(problem.getStatus()),
				request);
	}

	/**
	 * Adds a {@code code} to the problems Spring MVC raises itself (405, 415, 406 …) and
	 * answers every problem as {@code application/problem+json}, so no content
	 * negotiation (an {@code Accept} that cannot be met or even parsed) drops the body.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		// After super: for most of them (404, 405, 415 …) Spring MVC only creates the
		// body there.
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response == null || !(response.getBody() instanceof ProblemDetail problem)) {
			return response;
		}
		if (!Problems.hasCode(problem)) {
			problem.setProperty(Problems.CODE, Problems.codeOf(response.getStatusCode()));
		}
		return ResponseEntity.status(response.getStatusCode())
			.headers(response.getHeaders())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static String parameterOf(ConstraintViolation<?> violation) {
		String name = null;
		for (Path.Node node : violation.getPropertyPath()) {
			name = node.getName();
		}
		return name;
	}

	private static String constraintOf(ConstraintViolation<?> violation) {
		return violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
	}

	/**
	 * The last of a validation error's codes is the constraint's name, e.g. {@code Min}.
	 */
	private static String constraintOf(MessageSourceResolvable error) {
		String[] codes = error.getCodes();
		return (codes != null && codes.length > 0) ? codes[codes.length - 1] : "";
	}

	/** The violation codes the services' own validation uses. */
	private static String codeOf(String constraint) {
		return switch (constraint) {
			case "NotNull", "NotBlank", "NotEmpty" -> "FIELD_REQUIRED";
			case "Size" -> "FIELD_LENGTH";
			case "Pattern", "Email" -> "FIELD_FORMAT";
			case "Min", "Max", "DecimalMin", "DecimalMax", "Positive", "PositiveOrZero", "Negative", "NegativeOrZero" ->
				"FIELD_RANGE";
			default -> "FIELD_INVALID";
		};
	}

	private static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "the value cannot be read";
		}
		if (type.isEnum()) {
			return "must be one of " + Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name())
				.collect(Collectors.joining(", "));
		}
		Map<Class<?>, String> expectations = Map.of(Integer.class, "must be a whole number", Long.class,
				"must be a whole number", UUID.class, "must be a UUID", Instant.class,
				"must be a date and time in ISO 8601, e.g. 2026-11-01T00:00:00Z", LocalDate.class,
				"must be a date in ISO 8601, e.g. 2026-11-01", Boolean.class, "must be true or false");
		Class<?> boxed = switch (type.getName()) {
			case "int", "short", "byte" -> Integer.class;
			case "long" -> Long.class;
			case "boolean" -> Boolean.class;
			default -> type;
		};
		return expectations.getOrDefault(boxed, "the value cannot be read as this parameter's type");
	}

}
