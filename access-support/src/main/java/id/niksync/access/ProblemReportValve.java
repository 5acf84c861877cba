package id.niksync.access;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report as problem details instead of its HTML page, for what Tomcat
 * refuses before any servlet sees the request: a path it cannot decode or normalise
 * ({@code %00}, {@code %2F}, {@code %zz}, {@code ..} above the root), characters a
 * request line may not hold, headers too large. The body says neither what was sent nor
 * which server refused it: Tomcat's message quotes the request.
 */
public class ProblemReportValve extends ErrorReportValve {

	private final ProblemWriter problems;

	public ProblemReportValve(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// As Tomcat's own: only an error not reported yet, with nothing written.
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			String body = this.problems.toJson(problemFor(HttpStatusCode.valueOf(status)));
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			SecurityHeaders.addMissing(request, response);
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client has gone, or the response was committed after all.
		}
	}

	private static ProblemDetail problemFor(HttpStatusCode status) {
		if (status.value() == 400) {
			// The code of Spring Security's firewall, which refuses the URLs that get
			// past Tomcat.
			return Problems.of(status, SecurityProblems.REQUEST_REJECTED,
					"The request's URL, request line or headers are not acceptable");
		}
		return Problems.ofStatus(status);
	}

}
