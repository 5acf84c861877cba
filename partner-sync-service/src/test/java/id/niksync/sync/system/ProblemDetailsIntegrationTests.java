package id.niksync.sync.system;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal, whoever raises it (Spring Security, a filter, the partner gate, a
 * controller), leaves as the same RFC 9457 shape: type, title, status, detail, the
 * request path as instance, a stable code and the refusal's own properties.
 */
@SyncIntegrationTest
class ProblemDetailsIntegrationTests {

	private static final String LOOKUP = "/partner/v1/residents/3511014506900999";

	@Autowired
	TestRestTemplate http;

	@Autowired
	ObjectMapper json;

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void securityRefusalsSayHowToSignIn() throws Exception {
		ResponseEntity<JsonNode> operator = this.http.getForEntity("/ops/sync-status", JsonNode.class);
		assertProblem(operator, """
				{"type":"about:blank","title":"Unauthorized","status":401,
				 "detail":"Operator sign-in (HTTP Basic) is required","instance":"/ops/sync-status",
				 "code":"UNAUTHENTICATED"}""");
		assertThat(operator.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo("Basic realm=\"niksync-ops\"");

		ResponseEntity<JsonNode> partner = TestPartners.get(this.http, LOOKUP, "not-a-key", "kyc");
		assertProblem(partner, """
				{"type":"about:blank","title":"Unauthorized","status":401,
				 "detail":"A valid API key is required: Authorization: ApiKey <key>",
				 "instance":"/partner/v1/residents/3511014506900999","code":"UNAUTHENTICATED"}""");
		assertThat(partner.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("ApiKey");

		assertProblem(TestOperators.asOperator(this.http).getForEntity("/ops/institutions", JsonNode.class), """
				{"type":"about:blank","title":"Forbidden","status":403,
				 "detail":"These credentials do not allow this request","instance":"/ops/institutions",
				 "code":"FORBIDDEN"}""");
	}

	@Test
	void theFirewallRefusesAsProblemDetails() throws Exception {
		HttpResponse<String> rejected = this.client.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/ops/sync-status;x=1")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertRawProblem(rejected, """
				{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request URL is not acceptable",
				 "instance":"/ops/sync-status;x=1","code":"REQUEST_REJECTED"}""");
	}

	@Test
	void featureRefusalsCarryTheirCode() throws Exception {
		TestRestTemplate operator = TestOperators.asOperator(this.http);
		assertProblem(TestOperators.asAdmin(this.http).getForEntity("/ops/institutions/999999999", JsonNode.class), """
				{"type":"about:blank","title":"Not Found","status":404,"detail":"There is no institution 999999999",
				 "instance":"/ops/institutions/999999999","code":"INSTITUTION_NOT_FOUND"}""");
		assertProblem(operator.getForEntity("/ops/dead-letters/999999999", JsonNode.class), """
				{"type":"about:blank","title":"Not Found","status":404,"detail":"No dead letter 999999999",
				 "instance":"/ops/dead-letters/999999999","code":"DEAD_LETTER_NOT_FOUND"}""");
		assertProblem(operator.postForEntity("/ops/dead-letters/999999999/discard", Map.of(), JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,
				 "detail":"Discarding a dead letter needs a reason, in the reason field of the JSON body",
				 "instance":"/ops/dead-letters/999999999/discard",
				 "code":"REASON_REQUIRED"}""");
		assertProblem(operator.postForEntity("/ops/reconciliations", Map.of("prefix", "1"), JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,
				 "detail":"prefix must be empty (whole country) or 2, 4 or 6 digits","instance":"/ops/reconciliations",
				 "code":"PREFIX_INVALID"}""");
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 50);
		assertProblem(TestPartners.get(this.http, LOOKUP, bank.key(), null), """
				{"type":"about:blank","title":"Bad Request","status":400,
				 "detail":"Say why in the X-Purpose header (at most 200 characters)",
				 "instance":"/partner/v1/residents/3511014506900999","code":"PURPOSE_REQUIRED"}""");
		assertProblem(TestPartners.get(this.http, LOOKUP, bank.key(), "kyc"), """
				{"type":"about:blank","title":"Not Found","status":404,"detail":"The NIK is not on the replica",
				 "instance":"/partner/v1/residents/3511014506900999","code":"RESIDENT_NOT_FOUND"}""");
	}

	@Test
	void badRequestsSayWhatIsWrongWithoutQuotingTheBody() throws Exception {
		TestRestTemplate operator = TestOperators.asOperator(this.http);
		assertProblem(operator.getForEntity("/ops/residents/123/sync-state", JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request breaks 1 rule(s)",
				 "instance":"/ops/residents/123/sync-state","code":"VALIDATION_FAILED",
				 "violations":[{"field":"nik","code":"NIK_LENGTH","message":"NIK must be exactly 16 digits long"}]}""");
		assertProblem(operator.getForEntity("/ops/dead-letters?size=0", JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,"detail":"Invalid request parameter",
				 "instance":"/ops/dead-letters","code":"BAD_REQUEST"}""");
		assertProblem(operator.getForEntity("/ops/dead-letters?status=BOGUS", JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,
				 "detail":"Failed to convert 'status' with value: 'BOGUS'","instance":"/ops/dead-letters",
				 "code":"HTTP_400"}""");
		assertProblem(operator.exchange("/ops/dead-letters/replay", HttpMethod.POST, jsonBody("{"), JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,
				 "detail":"The request body is not JSON of the expected shape",
				 "instance":"/ops/dead-letters/replay","code":"MALFORMED_REQUEST"}""");
	}

	@Test
	void springMvcsOwnRefusalsCarryACodeToo() throws Exception {
		TestRestTemplate operator = TestOperators.asOperator(this.http);
		assertProblem(operator.getForEntity("/ops/no-such-thing", JsonNode.class), """
				{"type":"about:blank","title":"Not Found","status":404,"detail":"No static resource ops/no-such-thing.",
				 "instance":"/ops/no-such-thing","code":"NOT_FOUND"}""");
		ResponseEntity<JsonNode> delete = operator.exchange("/ops/sync-status", HttpMethod.DELETE, null,
				JsonNode.class);
		assertProblem(delete, """
				{"type":"about:blank","title":"Method Not Allowed","status":405,
				 "detail":"Method 'DELETE' is not supported.","instance":"/ops/sync-status",
				 "code":"METHOD_NOT_ALLOWED"}""");
		assertThat(delete.getHeaders().getAllow()).containsExactly(HttpMethod.GET);
	}

	@Test
	void aChunkedPartnerBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 50);

		HttpResponse<String> refused = this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/partner/v1/verifications"))
				.header(HttpHeaders.AUTHORIZATION, "ApiKey " + bank.key())
				.header("X-Purpose", "kyc")
				.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
				// no length up front: the body goes chunked
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[2_000_000])))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertRawProblem(refused, """
				{"type":"about:blank","title":"Payload Too Large","status":413,
				 "detail":"The request body is larger than 1024 KB","instance":"/partner/v1/verifications",
				 "code":"PAYLOAD_TOO_LARGE"}""");
	}

	private static HttpEntity<String> jsonBody(String body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return new HttpEntity<>(body, headers);
	}

	private void assertProblem(ResponseEntity<JsonNode> response, String expected) throws JsonProcessingException {
		JsonNode body = this.json.readTree(expected);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.valueOf(body.get("status").asInt()));
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody()).isEqualTo(body);
	}

	private void assertRawProblem(HttpResponse<String> response, String expected) throws IOException {
		JsonNode body = this.json.readTree(expected);
		assertThat(response.statusCode()).isEqualTo(body.get("status").asInt());
		assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE))
			.hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(this.json.readTree(response.body())).isEqualTo(body);
	}

}
