package id.niksync.sync;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An error that already knows its problem details: status, stable {@code code} and a
 * detail that carries no personal data. Spring MVC renders it as
 * {@code application/problem+json} without a handler of its own.
 */
public class CodedProblemException extends ErrorResponseException {

	private final String code;

	public CodedProblemException(HttpStatus status, String code, String detail) {
		super(status);
		setDetail(detail);
		getBody().setProperty("code", code);
		this.code = code;
	}

	public String code() {
		return this.code;
	}

}
