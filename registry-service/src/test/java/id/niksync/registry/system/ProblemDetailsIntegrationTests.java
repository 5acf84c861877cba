package id.niksync.registry.system;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.registry.TestAccounts;
import id.niksync.testsupport.RawHttp;
import id.niksync.testsupport.Residents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal, whoever raises it, leaves as the same RFC 9457 shape: type, title,
 * status, detail, the request path as instance, a stable code and the refusal's own
 * properties. Clients and the README rely on these exact bodies.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class ProblemDetailsIntegrationTests {

	private static final String NIK = "3511094506900901";

	@Autowired
	TestRestTemplate http;

	@Autowired
	ObjectMapper json;

	@LocalServerPort
	int port;

	@BeforeEach
	void registerSiti() {
		this.http.postForEntity("/api/v1/residents", Residents.siti(NIK).toMap(), JsonNode.class);
	}

	@Test
	void featureRefusalsCarryTheirCodeAndTheirProperties() throws Exception {
		assertProblem(this.http.getForEntity("/api/v1/residents/3511094506900999", JsonNode.class), """
				{"type":"about:blank","title":"Not Found","status":404,"detail":"No resident with NIK 3511********0999",
				 "instance":"/api/v1/residents/3511094506900999","code":"RESIDENT_NOT_FOUND"}""");
		assertProblem(this.http.postForEntity("/api/v1/residents", Residents.siti(NIK).toMap(), JsonNode.class), """
				{"type":"about:blank","title":"Conflict","status":409,
				 "detail":"A resident with NIK 3511********0901 already exists","instance":"/api/v1/residents",
				 "code":"RESIDENT_EXISTS"}""");
		assertProblem(
				this.http.postForEntity("/api/v1/residents/batch",
						Map.of("residents", List.of(Residents.siti(NIK).toMap())), JsonNode.class),
				"""
						{"type":"about:blank","title":"Conflict","status":409,
						 "detail":"1 resident(s) of the batch are already registered; none of the batch was",
						 "instance":"/api/v1/residents/batch","code":"RESIDENT_EXISTS","existingNiks":["3511094506900901"]}""");
		assertProblem(this.http.postForEntity("/api/v1/residents/batch", Map.of(), JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,
				 "detail":"A batch holds 1 to 1000 residents; it is empty","instance":"/api/v1/residents/batch",
				 "code":"BATCH_EMPTY","maxBatchSize":1000}""");
		assertProblem(send(HttpMethod.PUT, "/api/v1/residents/" + NIK, Residents.siti(NIK).toMap(), "\"7\""), """
				{"type":"about:blank","title":"Precondition Failed","status":412,
				 "detail":"Expected version 7 but the resident is at version 1",
				 "instance":"/api/v1/residents/3511094506900901","code":"VERSION_MISMATCH","currentVersion":1}""");
		assertProblem(
				send(HttpMethod.POST, "/api/v1/residents/" + NIK + "/republish",
						Map.of("kkNumber", "3511010101100002", "reason", "citizen at the counter"), null),
				"""
						{"type":"about:blank","title":"Unprocessable Entity","status":422,
						 "detail":"No registered resident has this NIK with this family card number",
						 "instance":"/api/v1/residents/3511094506900901/republish","code":"KK_MISMATCH_OR_UNKNOWN"}""");
		assertProblem(this.http
			.getForEntity("/api/v1/republish/0b5a4a26-3c3f-4c53-9d8e-4f1f1c1d7c2a", JsonNode.class), """
					{"type":"about:blank","title":"Not Found","status":404,"detail":"No republish job with this id",
					 "instance":"/api/v1/republish/0b5a4a26-3c3f-4c53-9d8e-4f1f1c1d7c2a","code":"JOB_NOT_FOUND"}""");
		assertProblem(this.http.getForEntity("/internal/digests?prefix=351", JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,
				 "detail":"prefix must be empty or 2, 4 or 6 digits","instance":"/internal/digests",
				 "code":"PREFIX_INVALID"}""");
	}

	@Test
	void validationFailuresListEveryViolation() throws Exception {
		assertProblem(this.http.getForEntity("/api/v1/residents/35110945069", JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request breaks 1 rule(s)",
				 "instance":"/api/v1/residents/35110945069","code":"VALIDATION_FAILED",
				 "violations":[{"field":"nik","code":"NIK_LENGTH","message":"NIK must be exactly 16 digits long"}]}""");
	}

	@Test
	void unreadableBodiesNameTheFieldButNeverQuoteTheInput() throws Exception {
		assertProblem(send(HttpMethod.POST, "/api/v1/residents", "{\"nik\":\"x\",\"birthDate\":\"yesterday\"}", null),
				"""
						{"type":"about:blank","title":"Bad Request","status":400,
						 "detail":"The request body is not valid JSON for this resource","instance":"/api/v1/residents",
						 "code":"MALFORMED_REQUEST",
						 "violations":[{"field":"birthDate","code":"FIELD_UNREADABLE","message":"value cannot be read for this field"}]}""");
		assertProblem(send(HttpMethod.POST, "/api/v1/residents", "{\"nik\":", null), """
				{"type":"about:blank","title":"Bad Request","status":400,
				 "detail":"The request body is not valid JSON for this resource","instance":"/api/v1/residents",
				 "code":"MALFORMED_REQUEST"}""");
	}

	/** A key twice (which value counts?) or text after the JSON: refused, never a 500. */
	@Test
	void duplicateKeysAndTrailingTextAreMalformed() {
		for (ResponseEntity<JsonNode> answer : List.of(
				send(HttpMethod.POST, "/api/v1/residents/" + NIK + "/status",
						"{\"status\":\"INACTIVE\",\"status\":\"ACTIVE\",\"reason\":\"a\"}", null),
				send(HttpMethod.POST, "/api/v1/residents/" + NIK + "/status",
						"{\"status\":\"INACTIVE\",\"reason\":\"a\"} trailing", null))) {
			assertThat(answer.getStatusCode()).as(String.valueOf(answer.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(answer.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
		}
	}

	@Test
	void springMvcsOwnRefusalsCarryACodeToo() throws Exception {
		assertProblem(this.http.getForEntity("/api/v1/nothing-here", JsonNode.class),
				"""
						{"type":"about:blank","title":"Not Found","status":404,"detail":"No static resource api/v1/nothing-here.",
						 "instance":"/api/v1/nothing-here","code":"NOT_FOUND"}""");
		ResponseEntity<JsonNode> delete = send(HttpMethod.DELETE, "/api/v1/residents", null, null);
		assertProblem(delete, """
				{"type":"about:blank","title":"Method Not Allowed","status":405,
				 "detail":"Method 'DELETE' is not supported.","instance":"/api/v1/residents",
				 "code":"METHOD_NOT_ALLOWED"}""");
		assertThat(delete.getHeaders().getAllow()).containsExactly(HttpMethod.POST);
		HttpHeaders text = new HttpHeaders();
		text.setContentType(MediaType.TEXT_PLAIN);
		assertProblem(
				this.http.exchange("/api/v1/residents", HttpMethod.POST, new HttpEntity<>("x", text), JsonNode.class),
				"""
						{"type":"about:blank","title":"Unsupported Media Type","status":415,
						 "detail":"Changes take a JSON body (Content-Type: application/json)",
						 "instance":"/api/v1/residents","code":"UNSUPPORTED_MEDIA_TYPE"}""");
	}

	/**
	 * What Tomcat refuses before any servlet (a NUL, an encoded slash, a broken escape,
	 * characters a request line may not hold, a path above the root) and what Spring
	 * Security's firewall refuses after it (a path parameter, an encoded dot or percent)
	 * read alike, signed in or not, and never echo the request.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/residents/" + NIK + "%00", "/api/v1/residents%2F" + NIK, "/api/v1/%zz",
			"/api/v1/a%2", "/api/v1/a|b", "/api/v1/{nik}", "/api/v1/a\\b", "/%2e%2e/%2e%2e/etc/passwd",
			"/api/v1/%2e%2e/v1/residents/" + NIK, "/api/v1/a%25zz", "/api/v1/residents;jsessionid=0123456789ABCDEF",
			// any encoded character (PathFirewall)
			"/api/v1/%72esidents/" + NIK, "/%6fps/outbox" })
	void aMalformedPathIsRefusedAsProblemDetails(String target) throws Exception {
		for (String[] credentials : List.of(new String[0],
				new String[] { RawHttp.basic(TestAccounts.ALL, TestAccounts.PASSWORD) })) {
			RawHttp.Response refused = RawHttp.send(this.port, "GET", target, credentials);

			JsonNode body = assertRawProblem(refused, 400, "REQUEST_REJECTED");
			assertThat(body.get("title").asText()).isEqualTo("Bad Request");
			assertThat(refused.body()).doesNotContain("%00", "%2F", "%zz", "|", "etc/passwd", "Tomcat");
		}
	}

	/**
	 * A form body is no body of this service's: a malformed one on a PUT, PATCH or DELETE
	 * was a 500 before sign-in (Spring's FormContentFilter decoded it, attack run
	 * 2026-12-05); now the sign-in comes first, and then its type is refused.
	 */
	@Test
	void aFormBodyIsRefusedNotDecoded() throws Exception {
		for (String method : List.of("PUT", "PATCH", "DELETE")) {
			RawHttp.Response anonymous = RawHttp.sendBody(this.port, method, "/api/v1/residents/" + NIK, "a=%zz",
					"Content-Type: application/x-www-form-urlencoded");
			RawHttp.Response signedIn = RawHttp.sendBody(this.port, method, "/api/v1/residents/" + NIK, "a=%zz",
					"Content-Type: application/x-www-form-urlencoded",
					RawHttp.basic(TestAccounts.ALL, TestAccounts.PASSWORD));

			assertThat(anonymous.status()).as(method).isEqualTo(401);
			assertThat(signedIn.status()).as(method).isBetween(400, 499);
		}
	}

	@Test
	void tooLargeOrIllegalRequestLinesAndHeadersAreRefusedAsProblemDetails() throws Exception {
		assertRawProblem(RawHttp.send(this.port, "GET", "/api/v1/residents/" + NIK, "X-Padding: " + "a".repeat(20_000)),
				400, "REQUEST_REJECTED");
		assertRawProblem(RawHttp.send(this.port, "GET", "/" + "a".repeat(20_000)), 400, "REQUEST_REJECTED");
		assertRawProblem(RawHttp.send(this.port, "GET", "/api/v1/residents/" + NIK, "Bad Header: x"), 400,
				"REQUEST_REJECTED");
	}

	@Test
	void theErrorPageIsNoRoute() throws Exception {
		assertRawProblem(RawHttp.send(this.port, "GET", "/error"), 404, "NOT_FOUND");
		assertRawProblem(
				RawHttp.send(this.port, "GET", "/error", RawHttp.basic(TestAccounts.ALL, TestAccounts.PASSWORD)), 404,
				"NOT_FOUND");
		// its status whatever the Accept: not 406 (JsonRouteMappings leaves it alone)
		assertRawProblem(RawHttp.send(this.port, "GET", "/error",
				RawHttp.basic(TestAccounts.ALL, TestAccounts.PASSWORD), "Accept: text/html"), 404, "NOT_FOUND");
	}

	/** 405, 415 and 406 on signed-in and open routes. */
	@Test
	void wrongMethodsMediaTypesAndAcceptsCarryACode() throws Exception {
		String all = RawHttp.basic(TestAccounts.ALL, TestAccounts.PASSWORD);
		assertRawProblem(RawHttp.send(this.port, "DELETE", "/api/v1/residents/" + NIK, all), 405, "METHOD_NOT_ALLOWED");
		assertRawProblem(RawHttp.send(this.port, "DELETE", "/actuator/health"), 405, "METHOD_NOT_ALLOWED");
		assertRawProblem(RawHttp.send(this.port, "DELETE", "/api/v1/residents/" + NIK), 401, "UNAUTHENTICATED");

		assertRawProblem(
				RawHttp.sendBody(this.port, "PUT", "/api/v1/residents/" + NIK, "{}", all, "Content-Type: text/plain"),
				415, "UNSUPPORTED_MEDIA_TYPE");
		assertRawProblem(RawHttp.sendBody(this.port, "POST", "/api/v1/residents", "{}", all,
				"Content-Type: application/x-www-form-urlencoded"), 415, "UNSUPPORTED_MEDIA_TYPE");

		assertRawProblem(RawHttp.send(this.port, "GET", "/api/v1/residents/" + NIK, all, "Accept: application/xml"),
				406, "NOT_ACCEPTABLE");
		assertRawProblem(RawHttp.send(this.port, "GET", "/api/v1/residents/" + NIK, all, "Accept: no/such/type"), 406,
				"NOT_ACCEPTABLE");
		assertRawProblem(RawHttp.send(this.port, "GET", "/actuator/health", "Accept: application/xml"), 406,
				"NOT_ACCEPTABLE");
		// refused before the handler runs (JsonRouteMappings), not after: it is not even
		// looked up
		assertRawProblem(RawHttp.send(this.port, "GET", "/api/v1/residents/3511094506900999", all, "Accept: text/html"),
				406, "NOT_ACCEPTABLE");
	}

	private JsonNode assertRawProblem(RawHttp.Response response, int status, String code) throws IOException {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header(HttpHeaders.CONTENT_TYPE)).as(response.toString())
			.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.get("status").asInt()).isEqualTo(status);
		assertThat(body.get("code").asText()).isEqualTo(code);
		return body;
	}

	private ResponseEntity<JsonNode> send(HttpMethod method, String path, Object body, String ifMatch) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		if (ifMatch != null) {
			headers.setIfMatch(ifMatch);
		}
		return this.http.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
	}

	private void assertProblem(ResponseEntity<JsonNode> response, String expected) throws JsonProcessingException {
		JsonNode body = this.json.readTree(expected);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.valueOf(body.get("status").asInt()));
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody()).isEqualTo(body);
	}

}
