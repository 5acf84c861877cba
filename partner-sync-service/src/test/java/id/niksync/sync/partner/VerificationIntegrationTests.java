package id.niksync.sync.partner;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestPartners;
import id.niksync.sync.TestPartners.Partner;
import id.niksync.sync.replica.ReplicaRecord;
import id.niksync.sync.replica.ReplicaWriter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Verification answers MATCH or NO_MATCH per field, and nothing else. */
@SyncIntegrationTest
class VerificationIntegrationTests {

	private static final String VERIFY = "/partner/v1/verifications";

	private static final String BATCH = VERIFY + "/batch";

	@Autowired
	TestRestTemplate http;

	@Autowired
	ReplicaWriter replica;

	@Autowired
	JdbcClient jdbc;

	@Test
	void answersMatchOrNoMatchPerFieldAndNothingElse() {
		String nik = "3511014506900601";
		this.replica.apply(List.of(TestPartners.resident(nik, 1, "ACTIVE")));
		Partner bpjs = TestPartners.register(this.http, "BPJS", 10);

		ResponseEntity<JsonNode> answer = TestPartners.post(
				this.http, VERIFY, Map.of("nik", nik, "fullName", "  SITI-aminah. ", "birthDate", "1990-06-05",
						"birthPlace", "Surabaya", "kkNumber", "3511010101100001", "sex", "FEMALE"),
				bpjs.key(), "membership activation");

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(answer.getBody().fieldNames()).toIterable().containsExactlyInAnyOrder("nik", "fields");
		Map<String, String> fields = new HashMap<>();
		answer.getBody().get("fields").fields().forEachRemaining((f) -> fields.put(f.getKey(), f.getValue().asText()));
		assertThat(fields).containsExactlyInAnyOrderEntriesOf(Map.of("fullName", "MATCH", "birthPlace", "NO_MATCH",
				"birthDate", "MATCH", "kkNumber", "MATCH", "sex", "MATCH"));
	}

	/**
	 * More verifications, one after another, than requests may hold connections at once
	 * (14): each gives its connection back. Reading outside a transaction, each kept one
	 * (JdbcClient's stream, never closed) and the fifteenth was answered DATABASE_BUSY.
	 */
	@Test
	void verificationsGiveTheirConnectionsBack() {
		Partner bank = TestPartners.register(this.http, "BANK", 100);

		for (int i = 0; i < 20; i++) {
			ResponseEntity<JsonNode> answer = TestPartners.post(this.http, VERIFY,
					Map.of("nik", "3511014506909993", "fullName", "Siti Aminah"), bank.key(), "kyc");
			assertThat(answer.getStatusCode()).as("verification %d: %s", i + 1, answer.getBody())
				.isEqualTo(HttpStatus.NOT_FOUND);
		}
	}

	@Test
	void aNikNotOnTheReplicaAnswersNotOnReplicaWithWhereToAskAndNothingElse() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		ResponseEntity<JsonNode> answer = TestPartners.post(this.http, VERIFY,
				Map.of("nik", "3511014506909992", "fullName", "Siti Aminah"), bank.key(), "kyc");

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(answer.getBody().get("code").asText()).isEqualTo("NOT_ON_REPLICA");
		assertThat(answer.getBody().get("reonline").asText()).isEqualTo("/partner/v1/reonline-requests");
		assertThat(answer.getBody().toString()).doesNotContain("MATCH", "Siti");
		assertThat(this.jdbc.sql("SELECT outcome || ' ' || http_status FROM partner_audit WHERE institution_id = ?")
			.param(bank.id())
			.query(String.class)
			.list()).containsExactly("NOT_ON_REPLICA 404");
	}

	@Test
	void refusesToVerifyAFieldOutsideTheScope() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		ResponseEntity<JsonNode> refused = TestPartners.post(this.http, VERIFY,
				Map.of("nik", "3511014506900601", "fullName", "Siti Aminah", "kkNumber", "3511010101100001"),
				bank.key(), "kyc");

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("FIELD_NOT_IN_SCOPE");
		assertThat(refused.getBody().toString()).doesNotContain("MATCH");
	}

	@Test
	void auditsEachValidNikOfARefusedVerificationWithWhatItAskedAndWhy() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);
		List<Map<String, Object>> oneBad = List.of(Map.of("nik", "3511014506900612", "fullName", "Siti"),
				Map.of("nik", "3511010000000000", "fullName", "Siti"));

		ResponseEntity<JsonNode> outOfScope = TestPartners.post(this.http, VERIFY,
				Map.of("nik", "3511014506900611", "fullName", "Siti Aminah", "kkNumber", "3511010101100001"),
				bank.key(), "kyc");
		ResponseEntity<JsonNode> malformed = TestPartners.post(this.http, BATCH, Map.of("items", oneBad), bank.key(),
				"kyc");
		ResponseEntity<JsonNode> noPurpose = TestPartners.post(this.http, VERIFY,
				Map.of("nik", "3511014506900613", "fullName", "Siti Aminah"), bank.key(), " ");

		assertThat(outOfScope.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(noPurpose.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		// committed before the answers left; the request refused before its body was read
		// keeps its one row without a NIK
		assertThat(this.jdbc
			.sql("SELECT operation || ' ' || coalesce(nullif(nik, ''), '-') || ' ' || coalesce(nullif(fields, ''), '-')"
					+ " || ' ' || outcome || ' ' || http_status FROM partner_audit WHERE institution_id = ? ORDER BY id")
			.param(bank.id())
			.query(String.class)
			.list()).containsExactly("VERIFY 3511014506900611 fullName,kkNumber FIELD_NOT_IN_SCOPE 403",
					"VERIFY_BATCH 3511014506900612 fullName VALIDATION_FAILED 400", "VERIFY - - PURPOSE_REQUIRED 400");
	}

	@Test
	void comparesSqlLookingValuesAsPlainData() {
		String nik = "3511014506900602";
		this.replica.apply(List.of(TestPartners.resident(nik, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		ResponseEntity<JsonNode> answer = TestPartners.post(this.http, VERIFY,
				Map.of("nik", nik, "fullName", "x' OR '1'='1'; DROP TABLE replica_resident; --"), bank.key(), "kyc");

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(answer.getBody().at("/fields/fullName").asText()).isEqualTo("NO_MATCH");
		assertThat(this.jdbc.sql("SELECT count(*) FROM replica_resident").query(Long.class).single()).isPositive();
	}

	@Test
	void answersABatchOfAThousandInOrderAndAuditsEachNik() {
		List<ReplicaRecord> residents = new ArrayList<>();
		List<Map<String, Object>> items = new ArrayList<>();
		for (int serial = 1001; serial <= 2000; serial++) {
			String nik = "351101450691" + serial;
			if (serial % 2 == 0) {
				residents.add(TestPartners.resident(nik, 1, "ACTIVE"));
			}
			items.add(Map.of("nik", nik, "fullName", "Siti Aminah", "birthDate", "1990-06-05"));
		}
		this.replica.apply(residents);
		// a batch costs one request per entry
		Partner bank = TestPartners.register(this.http, "BANK", 1000);

		ResponseEntity<JsonNode> answer = TestPartners.post(this.http, BATCH, Map.of("items", items), bank.key(),
				"bulk kyc refresh");

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		JsonNode results = answer.getBody().get("results");
		assertThat(results).hasSize(1000);
		assertThat(results.get(0).get("nik").asText()).isEqualTo("3511014506911001");
		assertThat(results.get(0).get("code").asText()).isEqualTo("NOT_ON_REPLICA");
		assertThat(results.get(0).has("fields")).isFalse();
		assertThat(results.get(1).at("/fields/fullName").asText()).isEqualTo("MATCH");
		assertThat(results.get(1).at("/fields/birthDate").asText()).isEqualTo("MATCH");
		assertThat(this.jdbc
			.sql("SELECT count(*) FROM partner_audit WHERE institution_id = ? AND operation = 'VERIFY_BATCH'")
			.param(bank.id())
			.query(Long.class)
			.single()).isEqualTo(1000);
	}

	@Test
	void refusesABatchOverTheLimitAndOneWithAMalformedItem() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);
		List<Map<String, Object>> tooMany = new ArrayList<>();
		for (int i = 0; i < 1001; i++) {
			tooMany.add(Map.of("nik", "3511014506900601", "fullName", "Siti"));
		}
		List<Map<String, Object>> oneBad = List.of(Map.of("nik", "3511014506900601", "fullName", "Siti"),
				Map.of("nik", "3511010000000000", "fullName", "Siti"), Map.of("nik", "3511014506900601"));

		ResponseEntity<JsonNode> overLimit = TestPartners.post(this.http, BATCH, Map.of("items", tooMany), bank.key(),
				"kyc");
		ResponseEntity<JsonNode> malformed = TestPartners.post(this.http, BATCH, Map.of("items", oneBad), bank.key(),
				"kyc");

		assertThat(overLimit.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(overLimit.getBody().get("code").asText()).isEqualTo("BATCH_SIZE");
		assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(malformed.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		assertThat(malformed.getBody().get("violations").findValuesAsText("index")).containsOnly("1", "2");
		assertThat(malformed.getBody().get("violations").findValuesAsText("code")).contains("NIK_SERIAL_ZERO",
				"NOTHING_TO_VERIFY");
		assertThat(malformed.getBody().toString()).doesNotContain("3511010000000000");
	}

	@Test
	void refusesMalformedAndOversizedJsonWithAProblemNeverA500() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);
		Map<String, Object> huge = new HashMap<>();
		huge.put("nik", "3511014506900601");
		huge.put("fullName", "x".repeat(2_000_000));
		byte[] nonShortestSlash = "{\"nik\":\"3511014506900601\",\"fullName\":\"Siti ??\"}"
			.getBytes(StandardCharsets.US_ASCII);
		nonShortestSlash[nonShortestSlash.length - 4] = (byte) 0xC0;
		nonShortestSlash[nonShortestSlash.length - 3] = (byte) 0xAF;

		List<ResponseEntity<JsonNode>> answers = List.of(
				TestPartners.post(this.http, VERIFY, "{\"nik\":\"3511014506900601\",", bank.key(), "kyc"),
				TestPartners.post(this.http, VERIFY, "[1,2,3]", bank.key(), "kyc"),
				TestPartners.post(this.http, VERIFY, "{\"nik\":\"3511014506900601\",\"birthDate\":\"yesterday\"}",
						bank.key(), "kyc"),
				TestPartners.post(this.http, BATCH, "{\"items\":{\"nik\":1}}", bank.key(), "kyc"),
				TestPartners.post(this.http, BATCH, "{\"items\":[null]}", bank.key(), "kyc"),
				TestPartners.post(this.http, VERIFY, huge, bank.key(), "kyc"),
				// a non-shortest "/" (C0 AF), which the JSON parser alone reads as "/"
				TestPartners.post(this.http, VERIFY, nonShortestSlash, bank.key(), "kyc"));

		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.getStatusCode().is4xxClientError()).as(String.valueOf(answer)).isTrue();
			assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(answer.getBody().get("code").asText()).isNotBlank();
		});
		assertThat(answers.get(0).getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
		assertThat(answers.get(5).getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
		assertThat(answers.get(6).getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
		for (String contentType : List.of("application/json;charset=ISO-8859-1", "*/*", "application/*+json")) {
			HttpHeaders headers = TestPartners.headers(bank.key(), "kyc");
			headers.set(HttpHeaders.CONTENT_TYPE, contentType);
			ResponseEntity<JsonNode> refused = this.http.exchange(VERIFY, HttpMethod.POST,
					new HttpEntity<>("{\"nik\":\"3511014506900601\",\"fullName\":\"Siti\"}", headers), JsonNode.class);
			assertThat(refused.getStatusCode()).as(contentType).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
		}
		assertThat(answers.get(5).getBody().get("maxBytes").asLong()).as("as every other route's 413")
			.isEqualTo(1_048_576);
	}

	/**
	 * {@code sex} is one of its names as written, as in every body: other text was
	 * answered {@code NO_MATCH} as if it were a claim.
	 */
	@Test
	void refusesASexThatIsNotOneOfItsNames() {
		String nik = "3511014506900623";
		this.replica.apply(List.of(TestPartners.resident(nik, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		for (String sex : List.of("bogus", "female", " FEMALE", "")) {
			ResponseEntity<JsonNode> refused = TestPartners.post(this.http, VERIFY, Map.of("nik", nik, "sex", sex),
					bank.key(), "kyc");
			assertThat(refused.getStatusCode()).as(sex).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().get("code").asText()).as(sex).isEqualTo("MALFORMED_REQUEST");
		}
		// which item and field, never the value
		ResponseEntity<JsonNode> batch = TestPartners.post(this.http, BATCH,
				Map.of("items", List.of(Map.of("nik", nik, "sex", "FEMALE"), Map.of("nik", nik, "sex", "female"))),
				bank.key(), "kyc");
		assertThat(batch.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(batch.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
		assertThat(batch.getBody().at("/violations/0/field").asText()).isEqualTo("items[1].sex");
		assertThat(batch.getBody().at("/violations/0/code").asText()).isEqualTo("FIELD_UNREADABLE");
		assertThat(batch.getBody().toString()).doesNotContain("female");
		assertThat(TestPartners.post(this.http, VERIFY, Map.of("nik", nik, "sex", "FEMALE"), bank.key(), "kyc")
			.getBody()
			.at("/fields/sex")
			.asText()).isEqualTo("MATCH");
		assertThat(TestPartners.post(this.http, VERIFY, Map.of("nik", nik, "sex", "MALE"), bank.key(), "kyc")
			.getBody()
			.at("/fields/sex")
			.asText()).isEqualTo("NO_MATCH");
	}

}
