package id.niksync.sync.access;

import java.io.IOException;
import java.net.URI;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * 401, 403 and firewall refusals as problem details with a stable code, like every other
 * error. The challenge names the scheme the route expects.
 */
class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

	private final ObjectMapper json;

	SecurityProblems(ObjectMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		boolean partnerRoute = request.getRequestURI().startsWith(request.getContextPath() + "/partner/");
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				partnerRoute ? ApiKeyAuthenticationFilter.SCHEME : "Basic realm=\"niksync-ops\"");
		write(request, response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
				partnerRoute ? "A valid API key is required: Authorization: ApiKey <key>"
						: "Operator sign-in (HTTP Basic) is required");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		write(request, response, HttpStatus.FORBIDDEN, "FORBIDDEN", "These credentials do not allow this request");
	}

	/** A URL the firewall refuses (encoded slashes, percent signs, NUL …). */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
			throws IOException {
		write(request, response, HttpStatus.BAD_REQUEST, "REQUEST_REJECTED", "The request URL is not acceptable");
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
			String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty("code", code);
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
