package id.niksync.sync.system;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refusal that knows its problem details: status, stable {@code code}, a detail that
 * carries no personal data, and any properties of its own. The feature that refuses owns
 * its exception, so the advice needs no handler per exception and knows no feature;
 * Spring MVC renders it as {@code application/problem+json},
 * {@link id.niksync.access.ProblemWriter} does outside Spring MVC.
 */
public class CodedProblemException extends ErrorResponseException {

	public CodedProblemException(HttpStatus status, String code, String detail) {
		this(status, code, detail, null);
	}

	public CodedProblemException(HttpStatus status, String code, String detail, Throwable cause) {
		this(Problems.of(status, code, detail), cause);
	}

	/**
	 * @param problem built by {@link Problems}, so it has a code
	 * @param cause what failed underneath, for the logs; never shown to the caller
	 */
	public CodedProblemException(ProblemDetail problem, Throwable cause) {
		super(HttpStatusCode.valueOf(problem.getStatus()), problem, cause);
	}

	public String code() {
		return (String) getBody().getProperties().get(Problems.CODE);
	}

	/**
	 * The detail only: Spring's message would add the properties, which can hold the
	 * caller's input, and messages reach logs.
	 */
	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
