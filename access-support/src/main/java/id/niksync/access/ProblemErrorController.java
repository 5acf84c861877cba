package id.niksync.access;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Boot's error page as problem details: what reaches it failed outside Spring MVC
 * (an exception out of a filter, a {@code sendError} from the container) and would
 * otherwise get Boot's own JSON. Replaces Boot's {@code BasicErrorController}; declared
 * as a bean by each service, never scanned.
 */
@RestController
public class ProblemErrorController implements ErrorController {

	private final ProblemWriter problems;

	public ProblemErrorController(ProblemWriter problems) {
		this.problems = problems;
	}

	@RequestMapping("${server.error.path:${error.path:/error}}")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status) || status < 400) {
			// Asked for by name: the error page is no route.
			this.problems.write(request, response, Problems.ofStatus(HttpStatus.NOT_FOUND));
			return;
		}
		ProblemDetail problem = Problems.ofStatus(HttpStatusCode.valueOf(status));
		problem.setInstance(instance(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)));
		this.problems.write(request, response, problem);
	}

	private static URI instance(Object path) {
		try {
			return (path instanceof String uri) ? URI.create(uri) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
