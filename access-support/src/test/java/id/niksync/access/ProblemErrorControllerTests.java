package id.niksync.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemErrorControllerTests {

	private final ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();

	private final ProblemErrorController errors = new ProblemErrorController(new ProblemWriter(this.json));

	@Test
	void anExceptionOutsideSpringMvcIsAnInternalErrorThatQuotesNothing() throws Exception {
		MockHttpServletResponse response = errorPage(500, "/ops/sync-status",
				new IllegalStateException("NIK 3511014506900001 not found"));

		assertProblem(response, """
				{"type":"about:blank","title":"Internal Server Error","status":500,
				 "detail":"An unexpected error occurred","instance":"/ops/sync-status","code":"INTERNAL_ERROR"}""");
	}

	@Test
	void aContainersRefusalKeepsItsStatusAndIsNamedByIt() throws Exception {
		assertProblem(errorPage(413, "/partner/v1/verifications", null), """
				{"type":"about:blank","title":"Payload Too Large","status":413,"detail":"Payload Too Large",
				 "instance":"/partner/v1/verifications","code":"PAYLOAD_TOO_LARGE"}""");
		assertProblem(errorPage(400, "/ops/sync-status", null), """
				{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request cannot be read",
				 "instance":"/ops/sync-status","code":"MALFORMED_REQUEST"}""");
	}

	@Test
	void askedForByNameTheErrorPageIsNotFound() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.errors.error(new MockHttpServletRequest("GET", "/error"), response);

		assertProblem(response, """
				{"type":"about:blank","title":"Not Found","status":404,"detail":"Not Found","instance":"/error",
				 "code":"NOT_FOUND"}""");
	}

	private MockHttpServletResponse errorPage(int status, String path, Throwable ex) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, path);
		request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, ex);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.errors.error(request, response);
		return response;
	}

	private void assertProblem(MockHttpServletResponse response, String expected) throws Exception {
		assertThat(response.getStatus()).isEqualTo(this.json.readTree(expected).get("status").asInt());
		assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(this.json.readTree(response.getContentAsString())).isEqualTo(this.json.readTree(expected));
	}

}
