package id.niksync.sync.system;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators' bodies have the partner routes' limit (1 MB): over it, announced or chunked,
 * they are answered 413 before anything parses them, as the registry's are; an attack run
 * had 3 MB parsed and refused as a bad request.
 */
@SyncIntegrationTest
class OpsRequestBodyLimitIntegrationTests {

	private static final int MB = 1024 * 1024;

	@Autowired
	TestRestTemplate http;

	@Autowired
	ObjectMapper json;

	@LocalServerPort
	int port;

	@Test
	void anAnnouncedBodyOverTheLimitIsRefusedBeforeItIsParsed() {
		// 1.5 MB of whitespace inside a valid registration: it would be parsed and
		// accepted without the limit
		String body = "{\"name\":\"Padded Bank\"," + " ".repeat(3 * MB / 2)
				+ "\"type\":\"BANK\",\"requestsPerSecond\":10}";
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);

		ResponseEntity<JsonNode> refused = TestOperators.asAdmin(this.http)
			.postForEntity("/ops/institutions", new HttpEntity<>(body, headers), JsonNode.class);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
		assertThat(refused.getBody().get("maxBytes").asLong()).isEqualTo(MB);
	}

	@Test
	void aChunkedBodyIsCountedAndRefusedOncePastTheLimit() throws Exception {
		byte[] tooLarge = ("{\"name\":\"" + "x".repeat(MB + 10) + "\",\"type\":\"BANK\",\"requestsPerSecond\":10}")
			.getBytes(StandardCharsets.UTF_8);
		byte[] fits = "{\"name\":\"Chunked Bank\",\"type\":\"BANK\",\"requestsPerSecond\":10}"
			.getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> refused = postChunked(tooLarge);
		HttpResponse<String> registered = postChunked(fits);

		assertThat(refused.statusCode()).isEqualTo(413);
		assertThat(this.json.readTree(refused.body()).get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
		assertThat(registered.statusCode()).as("a chunked body under the limit reads as before: %s", registered.body())
			.isEqualTo(201);
	}

	/** Without a length: the body publisher of an input stream is sent chunked. */
	private HttpResponse<String> postChunked(byte[] body) throws Exception {
		String credentials = Base64.getEncoder()
			.encodeToString(
					(TestOperators.ADMIN + ":" + TestOperators.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/ops/institutions"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Basic " + credentials)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

}
