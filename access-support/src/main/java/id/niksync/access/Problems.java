package id.niksync.access;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The refusals this module writes, in the services' problem-details shape: RFC 9457 with
 * a stable {@code code}.
 */
final class Problems {

	private Problems() {
	}

	static ProblemDetail of(HttpStatusCode status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty("code", code);
		return problem;
	}

}
