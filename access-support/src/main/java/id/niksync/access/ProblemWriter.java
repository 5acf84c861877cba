package id.niksync.access;

import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;

/**
 * Writes problem details where Spring MVC does not: in servlet filters and Spring
 * Security's handlers, which answer before any controller. The body is the one Spring MVC
 * would write, {@code instance} included.
 */
public class ProblemWriter {

	private final ObjectMapper json;

	private final Supplier<Stream<ProblemListener>> listeners;

	public ProblemWriter(ObjectMapper json) {
		this(json, Stream::empty);
	}

	/**
	 * @param listeners told of each problem before it is written (asked each time, so
	 * that a listener may itself need this writer)
	 */
	public ProblemWriter(ObjectMapper json, Supplier<Stream<ProblemListener>> listeners) {
		this.json = json;
		this.listeners = listeners;
	}

	/** A coded refusal, with its headers. */
	public void write(HttpServletRequest request, HttpServletResponse response, ErrorResponse refusal)
			throws IOException {
		refusal.getHeaders().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		write(request, response, refusal.getBody());
	}

	/**
	 * @param problem with a {@code code}
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		if (problem.getInstance() == null) {
			problem.setInstance(URI.create(request.getRequestURI()));
		}
		this.listeners.get().forEach((listener) -> listener.answering(request, problem));
		SecurityHeaders.addMissing(request, response);
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

	/** The body alone, for a writer of its own (Tomcat's error report). */
	String toJson(ProblemDetail problem) throws IOException {
		return this.json.writeValueAsString(problem);
	}

}
