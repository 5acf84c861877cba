package id.niksync.sync.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.access.CrossSiteRequestFilter;
import id.niksync.sync.DebugLines;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the browser test shows, header by header: a state-changing operator request that a
 * browser marks as coming from elsewhere is refused before anything runs, a POST needs a
 * JSON body, and API clients (no Origin, JSON) and the service's own pages pass.
 */
@SyncIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class CrossSiteRequestIntegrationTests {

	private static final String ACTION = "/ops/dead-letters/999999999/discard";

	private static final String JSON = "application/json";

	private final HttpClient client = HttpClient.newHttpClient();

	private final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void refusesAnActionFromAnotherOriginOrSite() throws Exception {
		long audited = auditRows();

		assertCrossSite(post(ACTION, JSON, "{\"reason\":\"x\"}", "Origin", "http://localhost:1"));
		assertCrossSite(post(ACTION, JSON, "{\"reason\":\"x\"}", "Origin", "https://localhost:" + this.port));
		assertCrossSite(post(ACTION, JSON, "{\"reason\":\"x\"}", "Origin", "null"));
		// two: only the first was read
		assertCrossSite(post(ACTION, JSON, "{\"reason\":\"x\"}", "Origin", "http://localhost:" + this.port, "Origin",
				"http://evil.example"));
		assertCrossSite(post(ACTION, JSON, "{\"reason\":\"x\"}", "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Site",
				"cross-site"));
		assertCrossSite(post(ACTION, JSON, "{\"reason\":\"x\"}", "Sec-Fetch-Site", "same-site"));
		assertCrossSite(post(ACTION, JSON, "{\"reason\":\"x\"}", "Sec-Fetch-Site", "cross-site"));
		assertCrossSite(
				request("PATCH", "/ops/institutions/1", JSON, "{\"active\":false}", "Origin", "http://evil.example"));

		assertThat(auditRows()).isEqualTo(audited);
	}

	/**
	 * The refusal's log line names the headers' kind, not their text: a caller's Origin
	 * or Sec-Fetch-Site could carry a NIK or a name into the log (attack run 2026-12-05).
	 */
	@Test
	void logsNeitherOriginNorAnUnknownFetchSiteAsSent(CapturedOutput output) throws Exception {
		String nik = "3511014506900509";

		// each refusal logged at debug level (a warning a second at most)
		try (DebugLines lines = DebugLines.of(CrossSiteRequestFilter.class)) {
			assertCrossSite(post(ACTION, JSON, "{\"reason\":\"x\"}", "Origin", "http://" + nik + ".example"));
			assertCrossSite(post(ACTION, JSON, "{\"reason\":\"x\"}", "Sec-Fetch-Site", nik + " Siti Aminah"));
		}
		assertThat(output.getAll()).contains(
				"Refused a cross-site POST to " + ACTION + " (Origin sent, Sec-Fetch-Site none, credentials sent)",
				"Refused a cross-site POST to " + ACTION
						+ " (Origin none, Sec-Fetch-Site another value, credentials sent)");

		assertThat(output.getAll()).contains("Refused a cross-site POST")
			.doesNotContain(nik)
			.doesNotContain("Siti Aminah");
	}

	@Test
	void letsTheServicesOwnPagesAndApiClientsAct() throws Exception {
		HttpResponse<String> ownPage = post(ACTION, JSON, "{\"reason\":\"x\"}", "Origin",
				"http://localhost:" + this.port, "Sec-Fetch-Site", "same-origin");
		HttpResponse<String> apiClient = post(ACTION, JSON, "{\"reason\":\"x\"}");

		// Past the check, the controller answers: there is no such dead letter.
		assertThat(code(ownPage)).isEqualTo("DEAD_LETTER_NOT_FOUND");
		assertThat(code(apiClient)).isEqualTo("DEAD_LETTER_NOT_FOUND");
	}

	@Test
	void readsAreNotActions() throws Exception {
		HttpResponse<String> read = send(
				HttpRequest.newBuilder(uri("/ops/dead-letters?size=1")).header("Origin", "http://localhost:1").GET());

		assertThat(read.statusCode()).isEqualTo(200);
	}

	@Test
	void anActionNeedsAJsonBody() throws Exception {
		HttpResponse<String> form = post(ACTION, "application/x-www-form-urlencoded", "reason=x");
		HttpResponse<String> text = post(ACTION, "text/plain", "{\"reason\":\"x\"}");
		HttpResponse<String> none = send(HttpRequest.newBuilder(uri(ACTION)).POST(HttpRequest.BodyPublishers.noBody()));
		HttpResponse<String> empty = post(ACTION, JSON, "");

		assertThat(form.statusCode()).isEqualTo(415);
		assertThat(code(form)).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
		assertThat(code(text)).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
		assertThat(code(none)).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
		assertThat(empty.statusCode()).isEqualTo(400);
		assertThat(code(empty)).isEqualTo("MALFORMED_REQUEST");
	}

	private void assertCrossSite(HttpResponse<String> response) throws IOException {
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(code(response)).isEqualTo("CROSS_SITE_REQUEST");
	}

	private HttpResponse<String> post(String path, String contentType, String body, String... headers)
			throws Exception {
		return request("POST", path, contentType, body, headers);
	}

	/**
	 * @param headers names and values, alternating
	 */
	private HttpResponse<String> request(String method, String path, String contentType, String body, String... headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", contentType)
			.method(method, HttpRequest.BodyPublishers.ofString(body));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	/** Signed in as the administrator, as a browser with cached credentials would be. */
	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		String credentials = TestOperators.ADMIN + ":" + TestOperators.ADMIN_PASSWORD;
		request.header("Authorization",
				"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private String code(HttpResponse<String> response) throws IOException {
		JsonNode body = this.json.readTree(response.body());
		return body.path("code").asText();
	}

	private long auditRows() {
		return this.jdbc.sql("SELECT count(*) FROM operator_audit").query(Long.class).single();
	}

}
