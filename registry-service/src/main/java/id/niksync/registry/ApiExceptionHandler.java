package id.niksync.registry;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonMappingException;
import id.niksync.registry.resident.FieldViolation;
import id.niksync.registry.republish.InvalidRepublishRequestException;
import id.niksync.registry.republish.RepublishJobNotFoundException;
import id.niksync.registry.resident.InvalidBatchException;
import id.niksync.registry.resident.InvalidResidentException;
import id.niksync.registry.resident.KkMismatchException;
import id.niksync.registry.resident.ResidentAlreadyExistsException;
import id.niksync.registry.resident.ResidentNotFoundException;
import id.niksync.registry.resident.ResidentsAlreadyExistException;
import id.niksync.registry.resident.VersionMismatchException;
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

/**
 * Every error leaves as RFC 9457 problem details with a stable {@code code}; clients
 * switch on the code, never on the message.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler
	ProblemDetail invalid(InvalidResidentException ex) {
		return validationFailed(ex.violations());
	}

	@ExceptionHandler
	ProblemDetail invalid(InvalidRepublishRequestException ex) {
		return validationFailed(ex.violations());
	}

	@ExceptionHandler
	ProblemDetail notFound(ResidentNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "RESIDENT_NOT_FOUND", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail exists(ResidentAlreadyExistsException ex) {
		return problem(HttpStatus.CONFLICT, "RESIDENT_EXISTS", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail existing(ResidentsAlreadyExistException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "RESIDENT_EXISTS", ex.getMessage());
		problem.setProperty("existingNiks", ex.existingNiks());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidBatch(InvalidBatchException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ex.code(), ex.getMessage());
		problem.setProperty("maxBatchSize", ex.maxBatchSize());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail versionMismatch(VersionMismatchException ex) {
		ProblemDetail problem = problem(HttpStatus.PRECONDITION_FAILED, "VERSION_MISMATCH", ex.getMessage());
		problem.setProperty("currentVersion", ex.currentVersion());
		return problem;
	}

	/**
	 * The same answer whatever the record holds: a wrong guess must teach nothing about
	 * the family card, the name or anything else on file.
	 */
	@ExceptionHandler
	ProblemDetail kkMismatch(KkMismatchException ex) {
		return problem(HttpStatus.UNPROCESSABLE_ENTITY, "KK_MISMATCH",
				"The family card number does not match the record");
	}

	@ExceptionHandler
	ProblemDetail jobNotFound(RepublishJobNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "JOB_NOT_FOUND", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		log.error("Unhandled error", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "An unexpected error occurred");
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
				"The request body is not valid JSON for this resource");
		if (ex.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
			String field = mapping.getPath()
				.stream()
				.map((ref) -> (ref.getFieldName() != null) ? ref.getFieldName() : "[" + ref.getIndex() + "]")
				.reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
				.orElse("");
			problem.setProperty("violations",
					List.of(new FieldViolation(field, "FIELD_UNREADABLE", "value cannot be read for this field")));
		}
		return ResponseEntity.badRequest().body(problem);
	}

	/** Adds a {@code code} to the problems Spring MVC raises itself (405, 415, 404 …). */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
			problem.setProperty("code", codeFor(statusCode));
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

	private static String codeFor(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return Map
			.of(HttpStatus.NOT_FOUND, "NOT_FOUND", HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
					HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", HttpStatus.NOT_ACCEPTABLE,
					"NOT_ACCEPTABLE", HttpStatus.BAD_REQUEST, "BAD_REQUEST")
			.getOrDefault(known, "HTTP_" + status.value());
	}

	private static ProblemDetail validationFailed(List<FieldViolation> violations) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
				"The request breaks " + violations.size() + " rule(s)");
		problem.setProperty("violations", violations);
		return problem;
	}

	private static ProblemDetail problem(HttpStatus status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty("code", code);
		return problem;
	}

}
