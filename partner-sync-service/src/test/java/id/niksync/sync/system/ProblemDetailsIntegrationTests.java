package id.niksync.sync.system;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import id.niksync.testsupport.RawHttp;
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

		assertRawProblem(rejected,
				"""
						{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request URL or a header value is not acceptable",
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
		assertProblem(operator.postForEntity("/ops/dead-letters/999999999/discard", Map.of(), JsonNode.class),
				"""
						{"type":"about:blank","title":"Bad Request","status":400,
						 "detail":"Discarding a dead letter needs a reason (1 to 500 characters, readable: no control or invisible characters), in the reason field of the JSON body",
						 "instance":"/ops/dead-letters/999999999/discard",
						 "code":"REASON_REQUIRED"}""");
		assertThat(operator
			.postForEntity("/ops/dead-letters/999999999/replay", Map.of("reason", "x".repeat(501)), JsonNode.class)
			.getBody()
			.at("/code")
			.asText()).as("a reason longer than the audit keeps").isEqualTo("REASON_REQUIRED");
		assertProblem(
				operator.getForEntity("/ops/reconciliations/0b5a4a26-3c3f-4c53-9d8e-4f1f1c1d7c2a", JsonNode.class), """
						{"type":"about:blank","title":"Not Found","status":404,"detail":"No such reconciliation",
						 "instance":"/ops/reconciliations/0b5a4a26-3c3f-4c53-9d8e-4f1f1c1d7c2a",
						 "code":"RECONCILIATION_NOT_FOUND"}""");
		assertProblem(operator.postForEntity("/ops/reconciliations", Map.of("prefix", "1"), JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,
				 "detail":"prefix must be empty (whole country) or 2, 4 or 6 digits","instance":"/ops/reconciliations",
				 "code":"PREFIX_INVALID"}""");
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 50);
		assertProblem(TestPartners.get(this.http, LOOKUP, bank.key(), null), """
				{"type":"about:blank","title":"Bad Request","status":400,
				 "detail":"Say why in one X-Purpose header (at most 200 characters)",
				 "instance":"/partner/v1/residents/3511014506900999","code":"PURPOSE_REQUIRED"}""");
		assertProblem(TestPartners.get(this.http, LOOKUP, bank.key(), "kyc"),
				"""
						{"type":"about:blank","title":"Not Found","status":404,
						 "detail":"The NIK is not on the replica; with the citizen's family-card number, ask for it to be re-onlined (POST /partner/v1/reonline-requests)",
						 "instance":"/partner/v1/residents/3511014506900999","code":"NOT_ON_REPLICA",
						 "reonline":"/partner/v1/reonline-requests"}""");
	}

	@Test
	void badRequestsSayWhatIsWrongWithoutQuotingTheBody() throws Exception {
		TestRestTemplate operator = TestOperators.asOperator(this.http);
		assertProblem(operator.getForEntity("/ops/residents/123/sync-state", JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request breaks 1 rule(s)",
				 "instance":"/ops/residents/123/sync-state","code":"VALIDATION_FAILED",
				 "violations":[{"field":"nik","code":"NIK_LENGTH","message":"NIK must be exactly 16 digits long"}]}""");
		assertProblem(operator.exchange("/ops/dead-letters/replay", HttpMethod.POST, jsonBody("{"), JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,
				 "detail":"The request body is not JSON of the expected shape",
				 "instance":"/ops/dead-letters/replay","code":"MALFORMED_REQUEST"}""");
		// PostgreSQL cannot store a NUL in text: refused as the body is read, not a 500
		// at the insert; the field named, not its value
		assertProblem(operator.exchange("/ops/replica/rebuilds", HttpMethod.POST,
				jsonBody("{\"reason\":\"nul \\u0000 inside\"}"), JsonNode.class), """
						{"type":"about:blank","title":"Bad Request","status":400,
						 "detail":"The request body is not JSON of the expected shape",
						 "instance":"/ops/replica/rebuilds","code":"MALFORMED_REQUEST",
						 "violations":[{"field":"reason","code":"FIELD_UNREADABLE",
						                "message":"value cannot be read for this field"}]}""");
	}

	/**
	 * As the registry: a value of another JSON type is never coerced into the field's
	 * (issue 15 follow-up: partner-sync took "true" for a boolean and 5.5 for a whole
	 * number, and a number for text).
	 */
	@Test
	void aValueOfAnotherJsonTypeIsMalformedNotCoerced() {
		TestRestTemplate operator = TestOperators.asOperator(this.http);
		TestRestTemplate admin = TestOperators.asAdmin(this.http);
		List<ResponseEntity<JsonNode>> refused = List.of(
				operator.exchange("/ops/dead-letters/replay", HttpMethod.POST,
						jsonBody("{\"dryRun\":\"true\",\"reason\":\"check\"}"), JsonNode.class),
				operator.exchange("/ops/dead-letters/replay", HttpMethod.POST,
						jsonBody("{\"dryRun\":1,\"reason\":\"check\"}"), JsonNode.class),
				// read as left out, it was a real replay (attack run 2026-12-05)
				operator.exchange("/ops/dead-letters/replay", HttpMethod.POST,
						jsonBody("{\"dryRun\":null,\"reason\":\"check\"}"), JsonNode.class),
				// a number is no instant (it was seconds since 1970, attack run
				// 2026-12-05), nor is one with blanks around it
				operator.exchange("/ops/dead-letters/replay", HttpMethod.POST,
						jsonBody("{\"from\":20261205,\"dryRun\":true,\"reason\":\"check\"}"), JsonNode.class),
				operator.exchange("/ops/dead-letters/replay", HttpMethod.POST,
						jsonBody("{\"to\":\" 2026-12-05T00:00:00Z \",\"dryRun\":true,\"reason\":\"check\"}"),
						JsonNode.class),
				operator.exchange("/ops/replica/rebuilds", HttpMethod.POST, jsonBody("{\"reason\":42}"),
						JsonNode.class),
				operator.exchange("/ops/reconciliations", HttpMethod.POST,
						jsonBody("{\"prefix\":3511,\"reason\":\"check\"}"), JsonNode.class),
				admin.exchange("/ops/institutions", HttpMethod.POST,
						jsonBody("{\"name\":\"Bank Coerced\",\"type\":\"BANK\",\"requestsPerSecond\":5.5}"),
						JsonNode.class),
				admin.exchange("/ops/institutions", HttpMethod.POST,
						jsonBody("{\"name\":\"Bank Coerced\",\"type\":\"BANK\",\"requestsPerSecond\":\"50\"}"),
						JsonNode.class),
				// null where a field may be left out: read as left out, it widened the
				// action (every pending letter, the whole country, a key made here)
				operator.exchange("/ops/dead-letters/replay", HttpMethod.POST,
						jsonBody("{\"nik\":null,\"dryRun\":true,\"reason\":\"check\"}"), JsonNode.class),
				operator.exchange("/ops/dead-letters/replay", HttpMethod.POST,
						jsonBody("{\"from\":null,\"dryRun\":true,\"reason\":\"check\"}"), JsonNode.class),
				operator.exchange("/ops/reconciliations", HttpMethod.POST,
						jsonBody("{\"prefix\":null,\"reason\":\"check\"}"), JsonNode.class),
				admin.exchange("/ops/institutions", HttpMethod.POST,
						jsonBody("{\"name\":\"Bank Null Key\",\"type\":\"BANK\",\"key\":null}"), JsonNode.class),
				admin.exchange("/ops/institutions/1", HttpMethod.PATCH, jsonBody("{\"active\":null}"), JsonNode.class),
				// A key twice (which value counts?) and text after the JSON: refused,
				// not a 500 and not one of the values silently.
				operator.exchange("/ops/replica/rebuilds", HttpMethod.POST,
						jsonBody("{\"reason\":\"a\",\"reason\":\"b\"}"), JsonNode.class),
				operator.exchange("/ops/replica/rebuilds", HttpMethod.POST, jsonBody("{\"reason\":\"a\"} trailing"),
						JsonNode.class));

		for (ResponseEntity<JsonNode> answer : refused) {
			assertThat(answer.getStatusCode()).as(String.valueOf(answer.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(answer.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
		}
		assertThat(operator
			.exchange("/ops/dead-letters/replay", HttpMethod.POST, jsonBody("{\"dryRun\":true,\"reason\":\"check\"}"),
					JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.OK);
		// left out or false: a real replay (of nothing: no dead letter has this NIK)
		for (String body : List.of("{\"nik\":\"1\",\"reason\":\"check\"}",
				"{\"nik\":\"1\",\"dryRun\":false,\"reason\":\"check\"}")) {
			ResponseEntity<JsonNode> replay = operator.exchange("/ops/dead-letters/replay", HttpMethod.POST,
					jsonBody(body), JsonNode.class);
			assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(replay.getBody().get("dryRun").asBoolean(true)).isFalse();
			assertThat(replay.getBody().get("matched").asInt()).isZero();
		}
	}

	/**
	 * Out of range, not of its type, a NIK that is none: one code, a violation naming the
	 * parameter and what it takes, never the value sent.
	 */
	@Test
	void aBadParameterIsAValidationFailureNamingItOnEveryRoute() throws Exception {
		TestRestTemplate operator = TestOperators.asOperator(this.http);
		String audit = "/ops/audit/partner-requests";
		assertProblem(operator.getForEntity(audit + "?size=0", JsonNode.class),
				"""
						{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request breaks 1 rule(s)",
						 "instance":"/ops/audit/partner-requests","code":"VALIDATION_FAILED",
						 "violations":[{"field":"size","code":"FIELD_RANGE","message":"must be greater than or equal to 1"}]}""");
		assertProblem(operator.getForEntity(audit + "?size=many", JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request breaks 1 rule(s)",
				 "instance":"/ops/audit/partner-requests","code":"VALIDATION_FAILED",
				 "violations":[{"field":"size","code":"FIELD_UNREADABLE","message":"must be a whole number"}]}""");
		assertProblem(operator.getForEntity(audit + "?from=yesterday", JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request breaks 1 rule(s)",
				 "instance":"/ops/audit/partner-requests","code":"VALIDATION_FAILED",
				 "violations":[{"field":"from","code":"FIELD_UNREADABLE",
				                "message":"must be a date and time in ISO 8601, e.g. 2026-11-01T00:00:00Z"}]}""");
		assertProblem(operator.getForEntity(audit + "?nik=123", JsonNode.class), """
				{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request breaks 1 rule(s)",
				 "instance":"/ops/audit/partner-requests","code":"VALIDATION_FAILED",
				 "violations":[{"field":"nik","code":"NIK_LENGTH","message":"NIK must be exactly 16 digits long"}]}""");
		assertProblem(operator.getForEntity(audit + "?page=-1&size=501", JsonNode.class),
				"""
						{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request breaks 2 rule(s)",
						 "instance":"/ops/audit/partner-requests","code":"VALIDATION_FAILED",
						 "violations":[{"field":"page","code":"FIELD_RANGE","message":"must be greater than or equal to 0"},
						               {"field":"size","code":"FIELD_RANGE","message":"must be less than or equal to 500"}]}""");

		assertViolation(operator.getForEntity(audit + "?institution=bank", JsonNode.class), "institution",
				"FIELD_UNREADABLE");
		assertViolation(operator.getForEntity("/ops/dead-letters?size=0", JsonNode.class), "size", "FIELD_RANGE");
		ResponseEntity<JsonNode> status = operator.getForEntity("/ops/dead-letters?status=BOGUS", JsonNode.class);
		assertViolation(status, "status", "FIELD_UNREADABLE");
		assertThat(status.getBody().at("/violations/0/message").asText()).startsWith("must be one of PENDING, ")
			.doesNotContain("BOGUS");
		assertViolation(operator.getForEntity("/ops/reconciliations?limit=0", JsonNode.class), "limit", "FIELD_RANGE");
		// one spelling per value, as in a body (Spring's conversion read each of these)
		for (String query : List.of("/ops/dead-letters?status=%20PENDING", "/ops/dead-letters?status=PENDING%00",
				"/ops/dead-letters?status=PENDING&status=FAILED", audit + "?size=0x10", audit + "?size=1%200",
				audit + "?from=%2B02026-12-05T00:00:00Z", "/ops/reconciliations?limit=%EF%BC%92")) {
			String field = query.substring(query.indexOf('?') + 1, query.indexOf('='));
			assertViolation(operator.getForEntity(URI.create(operator.getRootUri() + query), JsonNode.class), field,
					"FIELD_UNREADABLE");
		}
		// a value Tomcat cannot decode was dropped, and the filter with it (attack run
		// 2026-12-06)
		for (String query : List.of("/ops/dead-letters?status=PENDING%zz", audit + "?nik=3511014506900001%zz",
				audit + "?size=5&size=%zz")) {
			RawHttp.Response undecodable = RawHttp.send(this.port, "GET", query,
					RawHttp.basic(TestOperators.OPERATOR, TestOperators.OPERATOR_PASSWORD));
			assertThat(undecodable.status()).as(query).isEqualTo(400);
			assertThat(undecodable.body()).contains("\"code\":\"REQUEST_REJECTED\"");
		}
		assertThat(operator
			.getForEntity(URI.create(operator.getRootUri() + audit + "?size=10&from=2026-12-05T07:00:00%2B07:00"),
					JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertViolation(operator.getForEntity("/ops/reconciliations/not-a-uuid", JsonNode.class), "id",
				"FIELD_UNREADABLE");
		assertViolation(TestOperators.asAdmin(this.http).getForEntity("/ops/institutions/first", JsonNode.class), "id",
				"FIELD_UNREADABLE");
		// a path's id in its one spelling too: 0x10 was 16, 01 was 1 (attack run
		// 2026-12-06)
		for (String path : List.of("/ops/dead-letters/0x10", "/ops/dead-letters/01", "/ops/institutions/+1",
				"/ops/reconciliations/0-0-0-0-1")) {
			TestRestTemplate caller = path.startsWith("/ops/institutions") ? TestOperators.asAdmin(this.http)
					: operator;
			assertViolation(caller.getForEntity(URI.create(operator.getRootUri() + path), JsonNode.class), "id",
					"FIELD_UNREADABLE");
		}
		// an institution id is at least 1; an empty nik= is not given
		assertViolation(operator.getForEntity(audit + "?institution=0", JsonNode.class), "institution", "FIELD_RANGE");
		assertViolation(operator.getForEntity("/ops/reonline-requests?institution=-1", JsonNode.class), "institution",
				"FIELD_RANGE");
		assertViolation(operator.getForEntity("/ops/dead-letters?nik=35x1", JsonNode.class), "nik", "FIELD_INVALID");
		assertThat(operator.getForEntity("/ops/dead-letters?nik=", JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		assertThat(operator.getForEntity(audit + "?nik=", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 50);
		assertViolation(TestPartners.get(this.http, LOOKUP + "?minVersion=0", bank.key(), "kyc"), "minVersion",
				"FIELD_RANGE");
		assertViolation(TestPartners.get(this.http, LOOKUP + "?minVersion=latest", bank.key(), "kyc"), "minVersion",
				"FIELD_UNREADABLE");
		// a name a route does not take is refused, not ignored with its filter (attack
		// run 2026-12-06); a route that takes none is not concerned
		for (String query : List.of(audit + "?NIK=3511014506900002", "/ops/dead-letters?sizE=3",
				"/ops/reonline-requests?minage=5")) {
			String field = query.substring(query.indexOf('?') + 1, query.indexOf('='));
			assertViolation(operator.getForEntity(query, JsonNode.class), field, "FIELD_UNKNOWN");
		}
		assertViolation(TestPartners.get(this.http, LOOKUP + "?minversion=99", bank.key(), "kyc"), "minversion",
				"FIELD_UNKNOWN");
		assertThat(operator.getForEntity("/ops/sync-status?fresh=1", JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		// so was a minVersion, and the answer did not wait for it
		RawHttp.Response lookup = RawHttp.send(this.port, "GET", LOOKUP + "?minVersion=999%zz",
				"Authorization: ApiKey " + bank.key(), "X-Purpose: kyc");
		assertThat(lookup.status()).isEqualTo(400);
		assertThat(lookup.body()).contains("\"code\":\"REQUEST_REJECTED\"");
	}

	/**
	 * A violation's message is English whatever the client's language, written by hand (a
	 * lookup's minVersion) or by Bean Validation ({@code @Min} of the audit's page size).
	 */
	@Test
	void violationMessagesAreEnglishWhateverTheClientsLanguage() {
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 50);
		HttpHeaders partner = TestPartners.headers(bank.key(), "kyc");
		partner.set(HttpHeaders.ACCEPT_LANGUAGE, "de");
		HttpHeaders operator = new HttpHeaders();
		operator.setBasicAuth(TestOperators.OPERATOR, TestOperators.OPERATOR_PASSWORD);
		operator.set(HttpHeaders.ACCEPT_LANGUAGE, "de");

		for (ResponseEntity<JsonNode> refused : List.of(
				this.http.exchange(LOOKUP + "?minVersion=0", HttpMethod.GET, new HttpEntity<>(partner), JsonNode.class),
				this.http.exchange("/ops/audit/partner-requests?size=0", HttpMethod.GET, new HttpEntity<>(operator),
						JsonNode.class))) {
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().at("/violations/0/code").asText()).isEqualTo("FIELD_RANGE");
			assertThat(refused.getBody().at("/violations/0/message").asText())
				.isEqualTo("must be greater than or equal to 1");
		}
	}

	/**
	 * A filter's {@code from} or {@code to} that Java reads but PostgreSQL cannot hold
	 * was a 500 from the database; it is a bad parameter like any other.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/ops/dead-letters?from=-5000-01-01T00:00:00Z",
			"/ops/dead-letters?to=%2B300000-01-01T00:00:00Z",
			"/ops/audit/partner-requests?from=%2B999999999-12-31T23:59:59Z",
			"/ops/audit/partner-requests?to=-4714-01-01T00:00:00Z", "POST {\"from\":\"+300000-01-01T00:00:00Z\"}" })
	void aFilterInstantPostgresqlCannotHoldIsAValidationFailure(String request) {
		HttpHeaders operator = new HttpHeaders();
		operator.setBasicAuth(TestOperators.OPERATOR, TestOperators.OPERATOR_PASSWORD);
		ResponseEntity<JsonNode> refused;
		if (request.startsWith("POST ")) {
			operator.setContentType(MediaType.APPLICATION_JSON);
			String body = request.substring(5).replace("}", ",\"dryRun\":true,\"reason\":\"a far future\"}");
			refused = this.http.exchange("/ops/dead-letters/replay", HttpMethod.POST, new HttpEntity<>(body, operator),
					JsonNode.class);
		}
		else {
			refused = this.http.exchange(URI.create(request), HttpMethod.GET, new HttpEntity<>(operator),
					JsonNode.class);
		}
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().path("code").asText()).isEqualTo("VALIDATION_FAILED");
		assertThat(refused.getBody().at("/violations/0/code").asText()).isEqualTo("FIELD_RANGE");
		assertThat(refused.getBody().at("/violations/0/field").asText()).isIn("from", "to");
	}

	/**
	 * What Tomcat refuses before any servlet (a NUL, an encoded slash, a broken escape,
	 * characters a request line may not hold, a path above the root) and what Spring
	 * Security's firewall refuses after it (a path parameter, an encoded dot or percent,
	 * any other encoded character) read alike, signed in or not, and never echo the
	 * request.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/ops/sync-status%00", "/ops/a%2Fb", "/ops/%zz", "/ops/a%2", "/ops/a|b", "/ops/{id}",
			"/ops/a\\b", "/%2e%2e/%2e%2e/etc/passwd", "/ops/%2e%2e/ops/sync-status", "/ops/a%25zz",
			"/ops/sync-status;jsessionid=0123456789ABCDEF", "/partner/v1/residents/3511014506900999%00",
			// decoded, a partner route; as sent, not one to the partner gate
			// (PathFirewall)
			"/%70artner/v1/residents/3511014506900999", "/partner/v1/residents/%33511014506900999",
			"/%6fps/sync-status" })
	void aMalformedPathIsRefusedAsProblemDetails(String target) throws Exception {
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 50);
		for (String[] credentials : List.of(new String[0],
				new String[] { RawHttp.basic(TestOperators.OPERATOR, TestOperators.OPERATOR_PASSWORD) },
				new String[] { "Authorization: ApiKey " + bank.key(), "X-Purpose: kyc" })) {
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
			RawHttp.Response anonymous = RawHttp.sendBody(this.port, method, "/ops/institutions/1", "a=%zz",
					"Content-Type: application/x-www-form-urlencoded");
			RawHttp.Response signedIn = RawHttp.sendBody(this.port, method, "/ops/institutions/1", "a=%zz",
					"Content-Type: application/x-www-form-urlencoded",
					RawHttp.basic(TestOperators.ADMIN, TestOperators.ADMIN_PASSWORD));

			assertThat(anonymous.status()).as(method).isEqualTo(401);
			assertThat(signedIn.status()).as(method).isBetween(400, 499);
		}
	}

	@Test
	void tooLargeOrIllegalRequestLinesAndHeadersAreRefusedAsProblemDetails() throws Exception {
		assertRawProblem(RawHttp.send(this.port, "GET", "/ops/sync-status", "X-Padding: " + "a".repeat(20_000)), 400,
				"REQUEST_REJECTED");
		assertRawProblem(RawHttp.send(this.port, "GET", "/" + "a".repeat(20_000)), 400, "REQUEST_REJECTED");
		assertRawProblem(RawHttp.send(this.port, "GET", "/ops/sync-status", "Bad Header: x"), 400, "REQUEST_REJECTED");
	}

	@Test
	void theErrorPageIsNoRoute() throws Exception {
		assertRawProblem(RawHttp.send(this.port, "GET", "/error"), 404, "NOT_FOUND");
		assertRawProblem(RawHttp.send(this.port, "GET", "/error",
				RawHttp.basic(TestOperators.OPERATOR, TestOperators.OPERATOR_PASSWORD)), 404, "NOT_FOUND");
		// its status whatever the Accept: not 406 (JsonRouteMappings leaves it alone)
		assertRawProblem(
				RawHttp.send(this.port, "GET", "/error",
						RawHttp.basic(TestOperators.OPERATOR, TestOperators.OPERATOR_PASSWORD), "Accept: text/html"),
				404, "NOT_FOUND");
	}

	/** 405, 415 and 406 on operator, partner and open routes, signed in or not. */
	@Test
	void wrongMethodsMediaTypesAndAcceptsCarryACode() throws Exception {
		String operator = RawHttp.basic(TestOperators.OPERATOR, TestOperators.OPERATOR_PASSWORD);
		String admin = RawHttp.basic(TestOperators.ADMIN, TestOperators.ADMIN_PASSWORD);
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 50);
		String partner = "Authorization: ApiKey " + bank.key();

		assertRawProblem(RawHttp.sendBody(this.port, "PUT", "/ops/reconciliations", "", operator), 405,
				"METHOD_NOT_ALLOWED");
		assertRawProblem(RawHttp.send(this.port, "DELETE", LOOKUP, partner, "X-Purpose: kyc"), 405,
				"METHOD_NOT_ALLOWED");
		assertRawProblem(RawHttp.send(this.port, "DELETE", "/actuator/health"), 405, "METHOD_NOT_ALLOWED");
		assertRawProblem(RawHttp.send(this.port, "DELETE", "/ops/sync-status"), 401, "UNAUTHENTICATED");

		assertRawProblem(
				RawHttp.sendBody(this.port, "POST", "/ops/reconciliations", "{}", operator, "Content-Type: text/plain"),
				415, "UNSUPPORTED_MEDIA_TYPE");
		assertRawProblem(
				RawHttp.sendBody(this.port, "PATCH", "/ops/institutions/1", "{}", admin, "Content-Type: text/plain"),
				415, "UNSUPPORTED_MEDIA_TYPE");
		assertRawProblem(RawHttp.sendBody(this.port, "POST", "/partner/v1/verifications", "{}", partner,
				"X-Purpose: kyc", "Content-Type: text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");

		assertRawProblem(RawHttp.send(this.port, "GET", "/ops/sync-status", operator, "Accept: application/xml"), 406,
				"NOT_ACCEPTABLE");
		assertRawProblem(RawHttp.send(this.port, "GET", "/ops/sync-status", operator, "Accept: no/such/type"), 406,
				"NOT_ACCEPTABLE");
		assertRawProblem(RawHttp.send(this.port, "GET", "/actuator/health", "Accept: application/xml"), 406,
				"NOT_ACCEPTABLE");
		// refused before the handler runs (JsonRouteMappings), not after: nothing is
		// looked up
		assertRawProblem(RawHttp.send(this.port, "GET", LOOKUP, partner, "X-Purpose: kyc", "Accept: text/html"), 406,
				"NOT_ACCEPTABLE");
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
				 "code":"PAYLOAD_TOO_LARGE","maxBytes":1048576}""");
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

	private void assertViolation(ResponseEntity<JsonNode> response, String field, String code) {
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		assertThat(response.getBody().at("/violations/0/field").asText()).isEqualTo(field);
		assertThat(response.getBody().at("/violations/0/code").asText()).isEqualTo(code);
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

	private void assertRawProblem(HttpResponse<String> response, String expected) throws IOException {
		JsonNode body = this.json.readTree(expected);
		assertThat(response.statusCode()).isEqualTo(body.get("status").asInt());
		assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE))
			.hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(this.json.readTree(response.body())).isEqualTo(body);
	}

}
