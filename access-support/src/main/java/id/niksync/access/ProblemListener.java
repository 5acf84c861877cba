package id.niksync.access;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ProblemDetail;

/**
 * Hears every problem a service answers, just before it is written: by
 * {@link ProblemWriter} (filters, Spring Security's handlers, the error page) and by the
 * service's exception handler. A service's beans of this type are picked up by both. A
 * listener must not throw: the answer goes on regardless.
 */
public interface ProblemListener {

	/**
	 * @param problem with its status and {@code code}; not to be changed
	 */
	void answering(HttpServletRequest request, ProblemDetail problem);

}
