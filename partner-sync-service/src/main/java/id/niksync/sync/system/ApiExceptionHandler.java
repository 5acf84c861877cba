package id.niksync.sync.system;

import id.niksync.access.ProblemExceptionHandler;
import id.niksync.access.ProblemListener;
import id.niksync.identity.InvalidIdentifierException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;

/**
 * Every error leaves as RFC 9457 problem details with a stable {@code code}. Features
 * refuse with a {@link CodedProblemException} of their own, which Spring MVC renders as
 * it is; {@link ProblemExceptionHandler} (shared with the registry) covers Spring MVC's
 * own refusals, bad parameters and the unexpected; this adds malformed identifiers and
 * unreadable bodies.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemExceptionHandler {

	private final ObjectProvider<ProblemListener> listeners;

	ApiExceptionHandler(ObjectProvider<ProblemListener> listeners) {
		this.listeners = listeners;
	}

	/**
	 * Every problem Spring MVC answers passes here, its code set: the listeners (the
	 * partner audit) hear it before it is written.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem
				&& request instanceof ServletWebRequest servlet) {
			this.listeners.orderedStream().forEach((listener) -> listener.answering(servlet.getRequest(), problem));
		}
		return response;
	}

	@ExceptionHandler
	ResponseEntity<Object> invalidIdentifier(InvalidIdentifierException ex, WebRequest request) {
		return problem(ex,
				Problems.validationFailed(
						ex.violations().stream().map((v) -> Problems.violation("nik", v.code(), v.message())).toList()),
				request);
	}

}
