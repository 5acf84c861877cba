package id.niksync.access;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The refusals this module writes, in the services' problem-details shape: RFC 9457 with
 * a stable {@code code}.
 */
public final class Problems {

	static final String CODE = "code";

	private Problems() {
	}

	/** A {@code Retry-After} value: whole seconds, rounded up, at least 1. */
	static String retryAfterSeconds(Duration wait) {
		return String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000));
	}

	static ProblemDetail of(HttpStatusCode status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty(CODE, code);
		return problem;
	}

	/**
	 * The code of a refusal that nothing but its status describes (Spring MVC's own,
	 * Tomcat's, an error page): the status's name, so 405 is {@code METHOD_NOT_ALLOWED}
	 * and 413 {@code PAYLOAD_TOO_LARGE}; except 400, a request that cannot be read
	 * ({@code MALFORMED_REQUEST}, like an unreadable body), and 500, the unexpected
	 * ({@code INTERNAL_ERROR}).
	 */
	public static String codeOf(HttpStatusCode status) {
		if (status.value() == 400) {
			return "MALFORMED_REQUEST";
		}
		if (status.value() == 500) {
			return "INTERNAL_ERROR";
		}
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.name() : "HTTP_" + status.value();
	}

	/** A refusal that nothing but its status describes, with its {@link #codeOf code}. */
	static ProblemDetail ofStatus(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		String detail = (status.value() == 500) ? "An unexpected error occurred"
				: (status.value() == 400) ? "The request cannot be read"
						: (known != null) ? known.getReasonPhrase() : "The request cannot be answered";
		return of(status, codeOf(status), detail);
	}

	static boolean hasCode(ProblemDetail problem) {
		return problem.getProperties() != null && problem.getProperties().containsKey(CODE);
	}

	/**
	 * Input that breaks rules, every violation listed: the services' own
	 * {@code VALIDATION_FAILED}.
	 */
	static ProblemDetail validationFailed(List<Map<String, String>> violations) {
		ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
				"The request breaks " + violations.size() + " rule(s)");
		problem.setProperty("violations", violations);
		return problem;
	}

	static Map<String, String> violation(String field, String code, String message) {
		Map<String, String> violation = new LinkedHashMap<>();
		violation.put("field", field);
		violation.put(CODE, code);
		violation.put("message", message);
		return violation;
	}

}
