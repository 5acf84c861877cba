package id.niksync.sync.partner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestPartners;
import id.niksync.sync.TestPartners.Partner;
import id.niksync.sync.replica.ReplicaWriter;
import id.niksync.testsupport.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * G7: a lookup answers exactly the institution type's fields, current, or says why not.
 */
@SyncIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ResidentLookupIntegrationTests {

	private static final Set<String> ALWAYS = Set.of("version", "status", "registryChangedAt", "replicatedAt");

	/** The README's table; a change to the configuration must change this test too. */
	private static final Map<String, Set<String>> FIELDS = Map.of("BANK",
			Set.of("fullName", "birthPlace", "birthDate", "sex", "maritalStatus", "occupation", "nationality",
					"address"),
			"BPJS", Set.of("kkNumber", "fullName", "birthPlace", "birthDate", "sex", "maritalStatus", "address"),
			"KEMENAG", Set.of("fullName", "birthPlace", "birthDate", "sex", "religion", "maritalStatus", "address"),
			"OTHER", Set.of("fullName"));

	@Autowired
	TestRestTemplate http;

	@LocalServerPort
	int port;

	@Autowired
	ReplicaWriter replica;

	@Autowired
	JdbcClient jdbc;

	@Test
	void eachInstitutionTypeSeesExactlyItsFields() {
		String nik = "3511014506900501";
		this.replica.apply(List.of(TestPartners.resident(nik, 1, "ACTIVE")));

		FIELDS.forEach((type, fields) -> {
			Partner partner = TestPartners.register(this.http, type, 10);
			JsonNode answer = lookup(partner, nik).getBody();

			Set<String> expected = new java.util.HashSet<>(fields);
			expected.addAll(ALWAYS);
			assertThat(answer.fieldNames()).toIterable().as(type).containsExactlyInAnyOrderElementsOf(expected);
			assertThat(answer.get("version").asLong()).isEqualTo(1);
		});
	}

	@Test
	void sendsPersonalDataWithNoStoreAndTheSecurityHeaders() {
		String nik = "3511014506900507";
		this.replica.apply(List.of(TestPartners.resident(nik, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		ResponseEntity<JsonNode> answer = lookup(bank, nik);

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		HttpHeaders headers = answer.getHeaders();
		assertThat(headers.getCacheControl()).contains("no-store");
		assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
		assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
	}

	@Test
	void answersTheValuesOfTheScopeAndNothingOutsideIt() {
		String nik = "3511014506900502";
		this.replica.apply(List.of(TestPartners.resident(nik, 1, "ACTIVE")));
		Partner kemenag = TestPartners.register(this.http, "KEMENAG", 10);
		Partner other = TestPartners.register(this.http, "OTHER", 10);

		JsonNode full = lookup(kemenag, nik).getBody();
		String onlyName = lookup(other, nik).getBody().toString();

		assertThat(full.get("religion").asText()).isEqualTo("ISLAM");
		assertThat(full.at("/address/regency").asText()).isEqualTo("Kabupaten Bondowoso");
		assertThat(full.has("kkNumber")).isFalse();
		assertThat(onlyName).contains("Siti Aminah").doesNotContain("3511010101100001", "ISLAM", "Bondowoso", "1990");
	}

	@Test
	void answersADeceasedResidentWithThatStatus() {
		String nik = "3511014506900503";
		this.replica.apply(List.of(TestPartners.resident(nik, 2, "DECEASED")));

		JsonNode answer = lookup(TestPartners.register(this.http, "BPJS", 10), nik).getBody();

		assertThat(answer.get("status").asText()).isEqualTo("DECEASED");
		assertThat(answer.get("version").asLong()).isEqualTo(2);
	}

	@Test
	void refusesAMalformedNikWithItsViolationCodes() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		ResponseEntity<JsonNode> refused = TestPartners.get(this.http, "/partner/v1/residents/3511014500900000",
				bank.key(), "kyc");

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		assertThat(refused.getBody().get("violations").findValuesAsText("code")).contains("NIK_BIRTHDATE_INVALID",
				"NIK_SERIAL_ZERO");
	}

	@Test
	void refusesSqlLookingAndOtherwiseMalformedInputWithA4xxProblem() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);
		List<ResponseEntity<JsonNode>> answers = new ArrayList<>();
		for (String nik : new String[] { "3511014506900501' OR '1'='1", "1;DROP TABLE replica_resident", "%00",
				"351101450690050１", "x".repeat(3000) }) {
			answers.add(TestPartners.get(this.http, "/partner/v1/residents/" + nik, bank.key(), "kyc"));
		}
		answers.add(TestPartners.get(this.http, "/partner/v1/residents/3511014506900501?minVersion=abc", bank.key(),
				"kyc"));
		answers
			.add(TestPartners.get(this.http, "/partner/v1/residents/3511014506900501?minVersion=0", bank.key(), "kyc"));

		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.getStatusCode().is4xxClientError()).as(String.valueOf(answer)).isTrue();
			assertThat(answer.getBody().get("code").asText()).isNotBlank();
		});
	}

	@Test
	void answersNotFoundForANikNotOnTheReplica() {
		ResponseEntity<JsonNode> answer = lookup(TestPartners.register(this.http, "BANK", 10), "3511014506909991");

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(answer.getBody().get("code").asText()).isEqualTo("NOT_ON_REPLICA");
	}

	@Test
	void requiresAPurpose() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		ResponseEntity<JsonNode> refused = TestPartners.get(this.http, "/partner/v1/residents/3511014506900501",
				bank.key(), null);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("PURPOSE_REQUIRED");
	}

	/**
	 * A purpose shows something: no-break spaces and soft hyphens alone (bytes 0xA0 and
	 * 0xAD, as header values are ISO-8859-1) are none. An attack run had lookups answered
	 * with them.
	 */
	@Test
	void refusesAPurposeThatShowsNothing() throws Exception {
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		for (String purpose : List.of("\u00A0", "\u00AD", "\u00A0\u00A0\u00AD", " \u00A0 ", "a\tb")) {
			RawHttp.Response refused = RawHttp.send(this.port, "GET", "/partner/v1/residents/3511014506900501",
					"Authorization: ApiKey " + bank.key(), "X-Purpose: " + purpose);

			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.body()).contains("\"code\":\"PURPOSE_REQUIRED\"");
		}
	}

	/**
	 * Spring MVC would join the values ("x,"), past the gate's check and past the length
	 * the audit holds.
	 */
	@Test
	void refusesMoreThanOnePurpose() throws Exception {
		Partner bank = TestPartners.register(this.http, "BANK", 10);
		String longest = "k".repeat(PartnerApi.MAX_PURPOSE_LENGTH);

		for (String[] purposes : List.of(new String[] { "kyc", "" }, new String[] { "", "kyc" },
				new String[] { "kyc", "kyc" }, new String[] { longest, longest, longest })) {
			List<String> headers = new java.util.ArrayList<>(List.of("Authorization: ApiKey " + bank.key()));
			for (String purpose : purposes) {
				headers.add("X-Purpose: " + purpose);
			}
			RawHttp.Response refused = RawHttp.send(this.port, "GET", "/partner/v1/residents/3511014506900501",
					headers.toArray(String[]::new));

			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.body()).contains("\"code\":\"PURPOSE_REQUIRED\"");
		}
	}

	/**
	 * Refusals that used to leave no row: a purpose the firewall refuses (read after the
	 * key was checked, and again for the row), and a chunked body that breaks off.
	 */
	@Test
	void auditsAPurposeTheFirewallRefusesAndABodyThatCannotBeRead() throws Exception {
		Partner bank = TestPartners.register(this.http, "BANK", 10);
		String lookup = "/partner/v1/residents/3511014506900501";
		long before = auditRows();

		RawHttp.Response refused = RawHttp.send(this.port, "GET", lookup, "Authorization: ApiKey " + bank.key(),
				"X-Purpose: a\u0085b");
		RawHttp.Response keyless = RawHttp.send(this.port, "GET", lookup, "X-Purpose: a\u0085b");
		RawHttp.Response broken = RawHttp.exchange(this.port,
				"GET " + lookup + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: ApiKey "
						+ bank.key() + "\r\nX-Purpose: kyc\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("\"code\":\"REQUEST_REJECTED\"");
		assertThat(keyless.status()).isEqualTo(401);
		assertThat(broken.status()).isEqualTo(400);
		assertThat(broken.body()).contains("\"code\":\"MALFORMED_REQUEST\"");
		assertThat(this.jdbc
			.sql("SELECT outcome || ' ' || http_status || ' ' || coalesce(purpose, '-') FROM partner_audit"
					+ " WHERE institution_id = ? ORDER BY id")
			.param(bank.id())
			.query(String.class)
			.list()).containsExactly("REQUEST_REJECTED 400 -", "MALFORMED_REQUEST 400 kyc");
		assertThat(auditRows()).as("and the keyless 401's").isEqualTo(before + 3);
	}

	private long auditRows() {
		return this.jdbc.sql("SELECT count(*) FROM partner_audit").query(Long.class).single();
	}

	@Test
	void saysReplicaBehindRatherThanAnswerStaleData() {
		String nik = "3511014506900504";
		this.replica.apply(List.of(TestPartners.resident(nik, 1, "ACTIVE")));
		Partner other = TestPartners.register(this.http, "OTHER", 10);

		ResponseEntity<JsonNode> behind = TestPartners.get(this.http, "/partner/v1/residents/" + nik + "?minVersion=2",
				other.key(), "kyc");

		assertThat(behind.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(behind.getBody().get("code").asText()).isEqualTo("REPLICA_BEHIND");
		assertThat(behind.getBody().get("replicaVersion").asLong()).isEqualTo(1);
		assertThat(behind.getBody().toString()).doesNotContain("Siti");
	}

	@Test
	void waitsBrieflyForTheReplicaToCatchUp() {
		String nik = "3511014506900505";
		this.replica.apply(List.of(TestPartners.resident(nik, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		CompletableFuture<Void> catchingUp = CompletableFuture.runAsync(
				() -> this.replica.apply(List.of(TestPartners.resident(nik, 2, "ACTIVE"))),
				CompletableFuture.delayedExecutor(300, java.util.concurrent.TimeUnit.MILLISECONDS));
		ResponseEntity<JsonNode> answer = TestPartners.get(this.http, "/partner/v1/residents/" + nik + "?minVersion=2",
				bank.key(), "kyc");
		catchingUp.join();

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(answer.getBody().get("version").asLong()).isEqualTo(2);
	}

	@Test
	void logsTheNikOnlyMasked(CapturedOutput output) {
		String nik = "3511014506900506";
		this.replica.apply(List.of(TestPartners.resident(nik, 1, "ACTIVE")));

		// the per-request line is DEBUG (the audit table is the record); switched on here
		ch.qos.logback.classic.Logger auditLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger(PartnerAudit.class);
		ch.qos.logback.classic.Level level = auditLog.getLevel();
		auditLog.setLevel(ch.qos.logback.classic.Level.DEBUG);
		try {
			lookup(TestPartners.register(this.http, "BANK", 10), nik);
		}
		finally {
			auditLog.setLevel(level);
		}

		assertThat(output.getOut()).contains("3511********0506").doesNotContain(nik);
	}

	/**
	 * A request line Tomcat refuses (a character a URL may not hold) is refused before
	 * any servlet; Tomcat would log the first one at INFO, whole, NIK included.
	 */
	@Test
	void aRequestLineTomcatRefusesIsNotLoggedWithItsNik(CapturedOutput output) throws Exception {
		String nik = "3511014506900507";
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		RawHttp.Response refused = RawHttp.send(this.port, "GET", "/partner/v1/residents/" + nik + "?minVersion[]=1",
				"Authorization: ApiKey " + bank.key(), "X-Purpose: kyc");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(org.slf4j.LoggerFactory.getLogger("org.apache.coyote.http11.Http11Processor").isInfoEnabled())
			.as("Tomcat's INFO line of a refused request: its first only, so this test may not be it")
			.isFalse();
		assertThat(output.getAll()).doesNotContain(nik);
	}

	/**
	 * Tomcat's cookie and parameter parsers log the first malformed cookie or query
	 * parameter whole at INFO (attack run 2026-12-05: {@code Cookie: nik=3511…"x}); the
	 * request goes on without the cookie. A query that does not decode is refused by the
	 * firewall before Tomcat parses it (it dropped the parameter and answered without it,
	 * attack run 2026-12-06), and not logged either.
	 */
	@Test
	void aMalformedCookieOrParameterIsNotLoggedWithItsNik(CapturedOutput output) throws Exception {
		String nik = "3511014506900508";
		this.replica.apply(List.of(TestPartners.resident(nik, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		RawHttp.Response answered = RawHttp.send(this.port, "GET", "/partner/v1/residents/" + nik,
				"Authorization: ApiKey " + bank.key(), "X-Purpose: kyc", "Cookie: nik=" + nik + "\"x");
		RawHttp.Response refused = RawHttp.send(this.port, "GET", "/partner/v1/residents/" + nik + "?x=%zz" + nik,
				"Authorization: ApiKey " + bank.key(), "X-Purpose: kyc", "Cookie: nik=" + nik + "\"x");

		assertThat(answered.status()).isEqualTo(200);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("\"code\":\"REQUEST_REJECTED\"");
		for (String parser : List.of("org.apache.tomcat.util.http.parser.Cookie",
				"org.apache.tomcat.util.http.Parameters")) {
			assertThat(org.slf4j.LoggerFactory.getLogger(parser).isInfoEnabled()).as(parser).isFalse();
		}
		assertThat(output.getAll()).doesNotContain(nik);
	}

	private ResponseEntity<JsonNode> lookup(Partner partner, String nik) {
		return TestPartners.get(this.http, "/partner/v1/residents/" + nik, partner.key(), "account opening");
	}

}
