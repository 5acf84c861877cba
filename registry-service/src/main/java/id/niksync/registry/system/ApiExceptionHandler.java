package id.niksync.registry.system;

import java.util.List;

import com.fasterxml.jackson.databind.JsonMappingException;
import id.niksync.access.ProblemExceptionHandler;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * Every error leaves as RFC 9457 problem details with a stable {@code code}; clients
 * switch on the code, never on the message. Features refuse with a
 * {@link CodedProblemException} of their own, which Spring MVC renders as it is;
 * {@link ProblemExceptionHandler} (shared with partner-sync) covers Spring MVC's own
 * refusals, bad parameters and the unexpected; this adds unreadable and oversized bodies.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemExceptionHandler {

	/**
	 * Names the field that cannot be read, never the value: the parser's message can
	 * quote the input.
	 */
	@Override
	protected ResponseEntity<Object> unreadableBody(HttpMessageNotReadableException ex, WebRequest request) {
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
		return problem(ex, problem, request);
	}

}
