package id.niksync.sync.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The one place problem details are built: RFC 9457 with a stable {@code code} clients
 * switch on, never on the detail. The request path becomes {@code instance} when the
 * problem leaves (Spring MVC, or {@link id.niksync.access.ProblemWriter} outside it).
 */
public final class Problems {

	/** The property that names the problem for clients. */
	public static final String CODE = "code";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty(CODE, code);
		return problem;
	}

	/**
	 * A request that breaks rules: every violation is listed, not only the first.
	 * @param violations each with {@code field}, {@code code} and {@code message}
	 */
	public static ProblemDetail validationFailed(List<?> violations) {
		ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
				"The request breaks " + violations.size() + " rule(s)");
		problem.setProperty("violations", violations);
		return problem;
	}

	/** One entry of a problem's {@code violations}. */
	public static Map<String, String> violation(String field, String code, String message) {
		Map<String, String> violation = new LinkedHashMap<>();
		violation.put("field", field);
		violation.put(CODE, code);
		violation.put("message", message);
		return violation;
	}

}
