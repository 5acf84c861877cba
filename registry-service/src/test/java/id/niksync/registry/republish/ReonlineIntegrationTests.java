package id.niksync.registry.republish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.niksync.registry.PublishedEvents;
import id.niksync.registry.TestAccounts;
import id.niksync.registry.resident.ResidentRegistry;
import id.niksync.registry.resident.ResidentRequest;
import id.niksync.schemas.avro.ChangeType;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.registry.RegistryExample;
import id.niksync.testsupport.Residents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import static id.niksync.registry.republish.TestRegistrations.nik;
import static org.assertj.core.api.Assertions.assertThat;

@RepublishIntegrationTest
class ReonlineIntegrationTests {

	private static final String KK = (String) Residents.siti(nik("351501", 1)).toMap().get("kkNumber");

	@Autowired
	TestRestTemplate http;

	@Autowired
	ObjectMapper json;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ResidentRegistry registry;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Test
	void republishesTheCurrentStateAsResyncWhenTheKkNumberMatches() {
		String nik = nik("351501", 1);
		TestRegistrations.register(this.registry, this.json, List.of(nik));

		ResponseEntity<JsonNode> accepted = reonline(nik, Map.of("kkNumber", KK, "reason", "Aduan WA 0812"),
				TestAccounts.SUPERVISOR);

		assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(accepted.getBody().get("version").asLong()).isEqualTo(2);
		long changeSeq = accepted.getBody().get("changeSeq").asLong();
		assertThat(PublishedEvents.allOf(this.jdbc, this.broker, List.of(nik))).extracting(NikChanged::getChangeType)
			.containsExactly(ChangeType.ISSUED, ChangeType.RESYNC);
		assertThat(this.http.getForObject("/api/v1/residents/" + nik, JsonNode.class).get("version").asLong())
			.isEqualTo(2);

		List<NikChanged> events = PublishedEvents.of(this.broker, nik, 2);
		NikChanged issued = events.get(0);
		NikChanged resync = events.get(1);
		assertThat(resync.getChangeType()).isEqualTo(ChangeType.RESYNC);
		assertThat(resync.getVersion()).isEqualTo(2);
		assertThat(resync.getChangeSeq()).isEqualTo(changeSeq);
		assertThat(resync.getReason()).isEqualTo("Aduan WA 0812");
		assertThat(resync.getResident()).isEqualTo(issued.getResident());

		assertThat(audit(nik)).containsExactly("REONLINE by test-supervisor: Aduan WA 0812");
	}

	@Test
	void refusesAWrongKkNumberWith422AndPublishesNothing() {
		String nik = nik("351501", 2);
		TestRegistrations.register(this.registry, this.json, List.of(nik));

		ResponseEntity<JsonNode> refused = reonline(nik, Map.of("kkNumber", "3511010101100002", "reason", "WA"), null);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("KK_MISMATCH_OR_UNKNOWN");
		assertThat(PublishedEvents.allOf(this.jdbc, this.broker, List.of(nik))).hasSize(1);
		assertThat(this.http.getForObject("/api/v1/residents/" + nik, JsonNode.class).get("version").asLong())
			.isEqualTo(1);
		assertThat(audit(nik)).containsExactly("REONLINE_REFUSED by test-all: WA");
	}

	@Test
	void answersAWrongKkNumberAlikeWhateverTheRecordHolds() {
		String siti = nik("351501", 3);
		String other = nik("351501", 4);
		TestRegistrations.register(this.registry, this.json, List.of(siti));
		Map<String, Object> otherFamily = new LinkedHashMap<>(Residents.siti(other).toMap());
		otherFamily.put("kkNumber", "3201011212120009");
		this.registry.register(this.json.convertValue(otherFamily, ResidentRequest.class), TestAccounts.caller());

		JsonNode first = reonline(siti, Map.of("kkNumber", "3201011212120001", "reason", "WA"), null).getBody();
		JsonNode second = reonline(other, Map.of("kkNumber", "3201011212120001", "reason", "WA"), null).getBody();
		JsonNode unknown = reonline(nik("351501", 5), Map.of("kkNumber", "3201011212120001", "reason", "WA"), null)
			.getBody();

		assertThat(withoutInstance(first)).isEqualTo(withoutInstance(second)).isEqualTo(withoutInstance(unknown));
		assertThat(first.toString()).doesNotContain(KK, "Siti", "Aminah");
		assertThat(second.toString()).doesNotContain("3201011212120009", "Siti", "Aminah");
	}

	@Test
	void answersAnUnknownNikAsAWrongKkNumber() {
		String nik = nik("351501", 9);

		ResponseEntity<JsonNode> unknown = reonline(nik, Map.of("kkNumber", KK, "reason", "WA"), null);

		assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
		assertThat(unknown.getBody().get("code").asText()).isEqualTo("KK_MISMATCH_OR_UNKNOWN");
		assertThat(PublishedEvents.allOf(this.jdbc, this.broker, List.of(nik))).isEmpty();
		assertThat(audit(nik)).containsExactly("REONLINE_REFUSED by test-all: WA");
	}

	@Test
	void refusesFurtherAttemptsForANikAfterFiveRefusalsFromOneAccount() {
		String nik = nik("351501", 6);
		TestRegistrations.register(this.registry, this.json, List.of(nik));
		for (int i = 0; i < 5; i++) {
			assertThat(
					reonline(nik, Map.of("kkNumber", "3511010101100002", "reason", "guess " + i), null).getStatusCode())
				.isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
		}

		// Even the right family card now waits: the NIK is being guessed at.
		ResponseEntity<JsonNode> limited = reonline(nik, Map.of("kkNumber", KK, "reason", "WA"), null);

		assertThat(limited.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(limited.getBody().get("code").asText()).isEqualTo("REONLINE_ATTEMPTS_EXCEEDED");
		assertThat(PublishedEvents.allOf(this.jdbc, this.broker, List.of(nik))).hasSize(1);

		// Counted per account: another one's refusals (partner-sync's, for every partner)
		// do not lock out a supervisor with the card in hand.
		ResponseEntity<JsonNode> atTheCounter = reonline(nik, Map.of("kkNumber", KK, "reason", "card checked"),
				TestAccounts.SUPERVISOR);

		assertThat(atTheCounter.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(PublishedEvents.allOf(this.jdbc, this.broker, List.of(nik))).hasSize(2);
	}

	/**
	 * Twenty wrong guesses at once by one account: exactly five are checked (and
	 * refused), the rest refused for the limit, for a registered NIK and an unknown one
	 * alike. Counted before each attempt without a lock, a burst got a sixth guess in,
	 * and an unknown NIK more than a known one (seen in an attack on the local stack).
	 */
	@Test
	void aBurstOfGuessesGetsNoMoreThanTheLimitChecked() throws Exception {
		String registered = nik("351501", 31);
		TestRegistrations.register(this.registry, this.json, List.of(registered));
		for (String nik : List.of(registered, nik("351501", 32))) {
			ExecutorService burst = Executors.newFixedThreadPool(20);
			try {
				List<Future<HttpStatusCode>> answers = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					String guess = "35110101011000%02d".formatted(10 + i);
					answers.add(burst.submit(
							() -> reonline(nik, Map.of("kkNumber", guess, "reason", "burst"), null).getStatusCode()));
				}
				List<HttpStatusCode> statuses = new ArrayList<>();
				for (Future<HttpStatusCode> answer : answers) {
					statuses.add(answer.get(60, TimeUnit.SECONDS));
				}
				assertThat(statuses).as(nik)
					.filteredOn((status) -> status.equals(HttpStatus.UNPROCESSABLE_ENTITY))
					.hasSize(5);
				assertThat(statuses).as(nik)
					.filteredOn((status) -> status.equals(HttpStatus.TOO_MANY_REQUESTS))
					.hasSize(15);
				assertThat(audit(nik)).as(nik).filteredOn((row) -> row.startsWith("REONLINE_REFUSED")).hasSize(5);
			}
			finally {
				burst.shutdownNow();
			}
		}
	}

	@Test
	void refusesAReonlineWithoutAReason() {
		String nik = nik("351501", 7);
		TestRegistrations.register(this.registry, this.json, List.of(nik));

		for (Map<String, String> body : List.of(Map.of("kkNumber", KK), Map.of("kkNumber", KK, "reason", "  "),
				Map.of("kkNumber", KK, "reason", "\u200B\u200D"), Map.of("kkNumber", KK, "reason", "ok\u0007"))) {
			ResponseEntity<JsonNode> refused = reonline(nik, body, null);
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("REASON_REQUIRED");
		}
		assertThat(audit(nik)).isEmpty();
	}

	@Test
	void refusesASupervisorOutsideTheirRegions() {
		String nik = "3201014506900001";

		ResponseEntity<JsonNode> refused = reonline(nik, Map.of("kkNumber", KK, "reason", "WA"),
				TestAccounts.SUPERVISOR);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("REGION_NOT_ALLOWED");
		assertThat(audit(nik)).isEmpty();
	}

	@Test
	void answers400WithEveryViolationForAMalformedNikOrKkNumber() {
		ResponseEntity<JsonNode> refused = reonline("35110145069", Map.of("kkNumber", "3511010101100000"), null);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		List<String> codes = new ArrayList<>();
		refused.getBody()
			.get("violations")
			.forEach((v) -> codes.add(v.get("field").asText() + ":" + v.get("code").asText()));
		assertThat(codes).containsExactly("nik:NIK_LENGTH", "kkNumber:KK_SERIAL_ZERO");
	}

	@Test
	void auditsTheServiceAccountWithTheInstitutionAndPurposeItAsksFor() {
		String nik = nik("351501", 11);
		TestRegistrations.register(this.registry, this.json, List.of(nik));

		ResponseEntity<JsonNode> accepted = reonline(nik, Map.of("kkNumber", KK, "reason", "partner request 1",
				"institution", "Bank Demo (institution 1)", "purpose", "account opening"), TestAccounts.SERVICE);
		ResponseEntity<JsonNode> refused = reonline(nik, Map.of("kkNumber", "3511010101100002", "reason",
				"partner request 2", "institution", "Bank Demo (institution 1)", "purpose", "kyc"),
				TestAccounts.SERVICE);

		assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		RegistryExample.REONLINE_ACCEPTED.assertSameShape(accepted.getBody());
		assertThat(refused.getBody().get("code").asText()).isEqualTo("KK_MISMATCH_OR_UNKNOWN");
		assertThat(this.jdbc
			.sql("""
					SELECT action || ' by ' || operator || ' for ' || (details->>'institution') || ': ' || (details->>'purpose')
					FROM registry_audit WHERE target = ? AND action LIKE 'REONLINE%' ORDER BY id""")
			.param(nik)
			.query(String.class)
			.list()).containsExactly("REONLINE by test-service for Bank Demo (institution 1): account opening",
					"REONLINE_REFUSED by test-service for Bank Demo (institution 1): kyc");
	}

	@Test
	void refusesOnBehalfOfAnInstitutionFromASupervisorOrWithoutThePurpose() {
		String nik = nik("351501", 12);
		TestRegistrations.register(this.registry, this.json, List.of(nik));

		ResponseEntity<JsonNode> supervisor = reonline(nik,
				Map.of("kkNumber", KK, "reason", "WA", "institution", "Bank", "purpose", "kyc"),
				TestAccounts.SUPERVISOR);
		ResponseEntity<JsonNode> noPurpose = reonline(nik,
				Map.of("kkNumber", KK, "reason", "WA", "institution", "Bank"), TestAccounts.SERVICE);

		assertThat(supervisor.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(supervisor.getBody().at("/violations/0/code").asText()).isEqualTo("ON_BEHALF_NOT_ALLOWED");
		assertThat(noPurpose.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(noPurpose.getBody().at("/violations/0/code").asText()).isEqualTo("PURPOSE_REQUIRED");
		assertThat(audit(nik)).isEmpty();
	}

	/**
	 * @param account the account to sign in as; {@code null} for {@link TestAccounts#ALL}
	 */
	private ResponseEntity<JsonNode> reonline(String nik, Map<String, String> body, String account) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		TestRestTemplate http = (account != null) ? this.http.withBasicAuth(account, TestAccounts.PASSWORD) : this.http;
		return http.postForEntity("/api/v1/residents/" + nik + "/republish", new HttpEntity<>(body, headers),
				JsonNode.class);
	}

	private List<String> audit(String nik) {
		return this.jdbc
			.sql("SELECT action || ' by ' || operator || ': ' || coalesce(reason, 'null') FROM registry_audit"
					+ " WHERE target = ? AND action LIKE 'REONLINE%' ORDER BY id")
			.param(nik)
			.query(String.class)
			.list();
	}

	private static JsonNode withoutInstance(JsonNode problem) {
		ObjectNode copy = problem.deepCopy();
		copy.remove("instance");
		return copy;
	}

}
