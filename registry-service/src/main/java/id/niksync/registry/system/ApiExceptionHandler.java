package id.niksync.registry.system;

import id.niksync.access.ProblemExceptionHandler;

import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error leaves as RFC 9457 problem details with a stable {@code code}; clients
 * switch on the code, never on the message. Features refuse with a
 * {@link CodedProblemException} of their own, which Spring MVC renders as it is;
 * {@link ProblemExceptionHandler} (shared with partner-sync) covers Spring MVC's own
 * refusals, bad parameters, unreadable and oversized bodies and the unexpected; this
 * gives an unreadable body the registry's own wording.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemExceptionHandler {

	@Override
	protected String unreadableBodyDetail() {
		return "The request body is not valid JSON for this resource";
	}

}
