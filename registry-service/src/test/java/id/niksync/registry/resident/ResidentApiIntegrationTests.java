package id.niksync.registry.resident;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.registry.PublishedEvents;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.schemas.avro.ChangeType;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.testsupport.Residents;
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
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class ResidentApiIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Autowired
	ObjectMapper json;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Test
	void registersUpdatesAndChangesStatusWithOneOutboxRowPerChange() throws Exception {
		String nik = "3511014506900002";

		ResponseEntity<JsonNode> created = post("/api/v1/residents", Residents.siti(nik).toMap());
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(created.getBody().get("version").asLong()).isEqualTo(1);
		assertThat(created.getBody().get("status").asText()).isEqualTo("ACTIVE");
		assertThat(created.getHeaders().getETag()).isEqualTo("\"1\"");
		assertThat(created.getHeaders().getLocation()).hasPath("/api/v1/residents/" + nik);

		ResponseEntity<JsonNode> updated = send(HttpMethod.PUT, "/api/v1/residents/" + nik,
				TestResidents.with(Residents.siti(nik).toMap(), "occupation", "Kepala Sekolah"), "\"1\"");
		assertThat(updated.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(updated.getBody().get("version").asLong()).isEqualTo(2);

		ResponseEntity<JsonNode> deceased = post("/api/v1/residents/" + nik + "/status",
				Map.of("status", "DECEASED", "reason", "Akta kematian 123/2026"));
		assertThat(deceased.getBody().get("version").asLong()).isEqualTo(3);
		assertThat(deceased.getBody().get("status").asText()).isEqualTo("DECEASED");

		assertThat(PublishedEvents.allOf(this.jdbc, this.broker, List.of(nik))).extracting(NikChanged::getChangeType)
			.containsExactly(ChangeType.ISSUED, ChangeType.UPDATED, ChangeType.DECEASED);

		List<NikChanged> events = PublishedEvents.of(this.broker, nik, 3);
		assertThat(events).extracting(NikChanged::getVersion).containsExactly(1L, 2L, 3L);
		assertThat(events).extracting(NikChanged::getChangeType)
			.containsExactly(ChangeType.ISSUED, ChangeType.UPDATED, ChangeType.DECEASED);
		NikChanged last = events.get(2);
		assertThat(last.getResident().getOccupation()).isEqualTo("Kepala Sekolah");
		assertThat(last.getResident().getBirthDate()).isEqualTo(LocalDate.of(1990, 6, 5));
		assertThat(last.getReason()).isEqualTo("Akta kematian 123/2026");
		assertThat(events.get(0).getChangeSeq()).isLessThan(events.get(1).getChangeSeq());
	}

	/**
	 * Refused before the handler runs: Spring MVC used to register the resident, then
	 * answer 406 as it wrote the answer, so the registrar saw a failure for a change that
	 * was made.
	 */
	@Test
	void anAcceptWithoutJsonIsRefusedBeforeAnythingIsWritten() {
		String nik = "3511014506900009";
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.setAccept(List.of(MediaType.TEXT_HTML));

		ResponseEntity<String> refused = this.http.exchange("/api/v1/residents", HttpMethod.POST,
				new HttpEntity<>(Residents.siti(nik).toMap(), headers), String.class);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
		assertThat(this.http.getForEntity("/api/v1/residents/" + nik, JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void readsAResidentWithItsVersionAsETag() {
		String nik = "3511014506900003";
		post("/api/v1/residents", Residents.siti(nik).toMap());

		ResponseEntity<JsonNode> read = this.http.getForEntity("/api/v1/residents/" + nik, JsonNode.class);

		assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(read.getHeaders().getETag()).isEqualTo("\"1\"");
		assertThat(read.getBody().get("fullName").asText()).isEqualTo("Siti Aminah");
		assertThat(read.getBody().get("address").get("rt").asText()).isEqualTo("001");
	}

	@Test
	void refusesADuplicateNikWith409() {
		String nik = "3511014506900004";
		post("/api/v1/residents", Residents.siti(nik).toMap());

		ResponseEntity<JsonNode> again = post("/api/v1/residents", Residents.siti(nik).toMap());

		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(again.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(again.getBody().get("code").asText()).isEqualTo("RESIDENT_EXISTS");
		assertThat(again.getBody().toString()).doesNotContain(nik);
		assertThat(outboxRows(nik)).isEqualTo(1);
	}

	@Test
	void refusesAStaleIfMatchWith412AndChangesNothing() {
		String nik = "3511014506900005";
		post("/api/v1/residents", Residents.siti(nik).toMap());
		send(HttpMethod.PUT, "/api/v1/residents/" + nik,
				TestResidents.with(Residents.siti(nik).toMap(), "occupation", "Petani"), "\"1\"");

		ResponseEntity<JsonNode> stale = send(HttpMethod.PUT, "/api/v1/residents/" + nik,
				TestResidents.with(Residents.siti(nik).toMap(), "occupation", "Nelayan"), "\"1\"");

		assertThat(stale.getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
		assertThat(stale.getBody().get("code").asText()).isEqualTo("VERSION_MISMATCH");
		assertThat(stale.getBody().get("currentVersion").asLong()).isEqualTo(2);
		assertThat(this.http.getForObject("/api/v1/residents/" + nik, JsonNode.class).get("occupation").asText())
			.isEqualTo("Petani");
		assertThat(outboxRows(nik)).isEqualTo(2);
	}

	@Test
	void anIdenticalUpdateProducesNoNewVersion() {
		String nik = "3511014506900006";
		post("/api/v1/residents", Residents.siti(nik).toMap());

		ResponseEntity<JsonNode> same = send(HttpMethod.PUT, "/api/v1/residents/" + nik, Residents.siti(nik).toMap(),
				null);

		assertThat(same.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(same.getBody().get("version").asLong()).isEqualTo(1);
		assertThat(same.getBody().has("changeSeq")).isFalse();
		assertThat(outboxRows(nik)).isEqualTo(1);
	}

	@Test
	void listsEveryViolationWithItsCode() {
		Map<String, Object> body = TestResidents.with(Residents.siti("9900000000000000").toMap(), "kkNumber",
				"351101321310000");
		body = TestResidents.with(body, "fullName", " ");
		body = TestResidents.with(body, "nationality", "XX");

		ResponseEntity<JsonNode> refused = post("/api/v1/residents", body);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		List<String> codes = new ArrayList<>();
		refused.getBody()
			.get("violations")
			.forEach((v) -> codes.add(v.get("field").asText() + ":" + v.get("code").asText()));
		assertThat(codes).contains("nik:NIK_PROVINCE_UNKNOWN", "nik:NIK_REGENCY_ZERO", "nik:NIK_DISTRICT_ZERO",
				"nik:NIK_BIRTHDATE_INVALID", "nik:NIK_SERIAL_ZERO", "kkNumber:KK_LENGTH", "fullName:FIELD_REQUIRED",
				"nationality:FIELD_FORMAT");
		assertThat(refused.getBody().toString()).doesNotContain("9900000000000000");
	}

	/**
	 * Text fields are one line of readable text: an invisible-only name passed as given,
	 * a direction override read differently from what it held, line breaks split a name,
	 * and an unpaired surrogate was answered back as sent but stored as {@code ?}.
	 */
	@Test
	void refusesTextThatIsNotOneReadableLine() throws Exception {
		String nik = "3511014506900041";
		for (String name : List.of("\u200B", "Budi\u202Eosotnas", "Budi\nSantoso", "Budi\tSantoso", "Bu\u0007di",
				"Bu<surrogate>di", "Budi\u2028Santoso", "Budi\u2029", "Budi\u3164")) {
			String body = this.json
				.writeValueAsString(TestResidents.with(Residents.siti(nik).toMap(), "fullName", name))
				.replace("<surrogate>", "\\ud800");
			ResponseEntity<JsonNode> refused = post("/api/v1/residents", body);

			assertThat(refused.getStatusCode()).as(name).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().get("violations"))
				.extracting((v) -> v.get("field").asText() + ":" + v.get("code").asText())
				.as(name)
				.containsExactly("fullName:FIELD_TEXT_INVALID");
		}
		Map<String, Object> streetOnTwoLines = Residents.siti(nik).toMap();
		streetOnTwoLines = TestResidents.with(streetOnTwoLines, "address",
				TestResidents.with(castMap(streetOnTwoLines.get("address")), "street", "Jl. Mawar\r\n12"));
		assertThat(post("/api/v1/residents", streetOnTwoLines).getBody().get("violations"))
			.extracting((v) -> v.get("field").asText() + ":" + v.get("code").asText())
			.containsExactly("address.street:FIELD_TEXT_INVALID");
		assertThat(this.http.getForEntity("/api/v1/residents/" + nik, JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
		// names as people write them stay fine
		assertThat(post("/api/v1/residents",
				TestResidents.with(Residents.siti(nik).toMap(), "fullName", "Nyoman Sukarsa-Pradnyā d'Silva"))
			.getStatusCode()).isEqualTo(HttpStatus.CREATED);
	}

	/**
	 * A non-shortest UTF-8 form ({@code C0 AF}) that Jackson alone decodes to {@code /}
	 * is refused as the body is read, as bytes that are no UTF-8 at all are.
	 */
	@Test
	void refusesABodyThatIsNotWellFormedUtf8() throws Exception {
		String nik = "3511014506900046";
		String body = this.json
			.writeValueAsString(TestResidents.with(Residents.siti(nik).toMap(), "fullName", "Siti<here>Aminah"));
		for (byte[] bad : List.of(new byte[] { (byte) 0xC0, (byte) 0xAF }, new byte[] { (byte) 0xFF },
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 })) {
			int at = body.indexOf("<here>");
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			bytes.write(body.substring(0, at).getBytes(StandardCharsets.UTF_8));
			bytes.write(bad);
			bytes.write(body.substring(at + "<here>".length()).getBytes(StandardCharsets.UTF_8));

			ResponseEntity<JsonNode> refused = post("/api/v1/residents", bytes.toByteArray());

			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
		}
		assertThat(this.http.getForEntity("/api/v1/residents/" + nik, JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	/**
	 * A date is text written yyyy-MM-dd, and a name (a sex, a status) is its name: a
	 * time, an array, blanks, or a number (read as a position in the list of names, 1 for
	 * FEMALE) are refused with the field named, and nothing is stored; nor is a number or
	 * a boolean text.
	 */
	@Test
	void readsADateOrANameOnlyAsWritten() {
		String nik = "3511014506900048";
		Map<String, Object> siti = Residents.siti(nik).toMap();
		for (Object birthDate : List.of("1985-08-17T00:00:00Z", List.of(1985, 8, 17), " 1985-08-17", "+01985-08-17")) {
			ResponseEntity<JsonNode> refused = post("/api/v1/residents",
					TestResidents.with(siti, "birthDate", birthDate));
			assertThat(refused.getStatusCode()).as(birthDate.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
			assertThat(refused.getBody().at("/violations/0/field").asText()).isEqualTo("birthDate");
		}
		for (String name : List.of("sex", "religion", "maritalStatus")) {
			ResponseEntity<JsonNode> refused = post("/api/v1/residents", TestResidents.with(siti, name, 1));
			assertThat(refused.getStatusCode()).as(name).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
			assertThat(refused.getBody().at("/violations/0/field").asText()).isEqualTo(name);
		}
		// nor a name with blanks around it (Jackson alone took it for the name)
		for (String sex : List.of(" FEMALE", "FEMALE\t", "FEMALE\n")) {
			ResponseEntity<JsonNode> refused = post("/api/v1/residents", TestResidents.with(siti, "sex", sex));
			assertThat(refused.getStatusCode()).as(sex).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
			assertThat(refused.getBody().at("/violations/0/field").asText()).isEqualTo("sex");
		}
		// a number or a boolean is no text (Jackson made "123" of it)
		for (Object notText : List.of(123, 5.5, true)) {
			ResponseEntity<JsonNode> refused = post("/api/v1/residents", TestResidents.with(siti, "fullName", notText));
			assertThat(refused.getStatusCode()).as(notText.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
			assertThat(refused.getBody().at("/violations/0/field").asText()).isEqualTo("fullName");
		}
		assertThat(this.http.getForEntity("/api/v1/residents/" + nik, JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	/**
	 * An answer is UTF-8 JSON whatever charset Accept asks for: asked for UTF-16 (or
	 * UTF-32, Latin-1) it was a 500 after the change had been made (attack run
	 * 2026-12-06), for UTF-16LE a UTF-16 body.
	 */
	@Test
	void answersUtf8JsonWhateverCharsetAcceptAsksFor() throws Exception {
		String nik = "3511014506900248";
		assertThat(this.http.postForEntity("/api/v1/residents", Residents.siti(nik).toMap(), JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		int version = 1;
		for (String charset : List.of("utf-16", "utf-32", "iso-8859-1", "utf-16le", "us-ascii")) {
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.ACCEPT, "application/json;charset=" + charset);
			ResponseEntity<byte[]> changed = this.http.exchange("/api/v1/residents/" + nik + "/status", HttpMethod.POST,
					new HttpEntity<>(Map.of("status", (version % 2 == 1) ? "INACTIVE" : "ACTIVE", "reason", "test"),
							headers),
					byte[].class);
			ResponseEntity<byte[]> read = this.http.exchange("/api/v1/residents/" + nik, HttpMethod.GET,
					new HttpEntity<>(headers), byte[].class);
			version++;

			for (ResponseEntity<byte[]> answer : List.of(changed, read)) {
				assertThat(answer.getStatusCode()).as(charset).isEqualTo(HttpStatus.OK);
				assertThat(answer.getHeaders().getContentType()).as(charset).isEqualTo(MediaType.APPLICATION_JSON);
				assertThat(
						this.json.readTree(new String(answer.getBody(), StandardCharsets.UTF_8)).get("version").asInt())
					.as(charset)
					.isEqualTo(version);
			}
		}
	}

	/**
	 * A body said to be in another charset was decoded by it, past the UTF-8 check: the
	 * UTF-8 bytes of "ā" read as Latin-1 are two other characters. Refused (415) before
	 * anything is read; UTF-8 named in any spelling is read.
	 */
	@Test
	void refusesABodyInAnotherCharsetThanUtf8() throws Exception {
		String nik = "3511014506900047";
		byte[] body = this.json
			.writeValueAsBytes(TestResidents.with(Residents.siti(nik).toMap(), "fullName", "Nyoman Pradnyā"));
		// and one naming no type was a 500 (Spring MVC asserted it held no wildcard)
		for (String contentType : List.of("application/json;charset=ISO-8859-1", "application/json;charset=UTF-16",
				"*/*", "application/*", "application/*+json")) {
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.CONTENT_TYPE, contentType);
			ResponseEntity<JsonNode> refused = this.http.exchange("/api/v1/residents", HttpMethod.POST,
					new HttpEntity<>(body, headers), JsonNode.class);

			assertThat(refused.getStatusCode()).as(contentType).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
		}
		assertThat(this.http.getForEntity("/api/v1/residents/" + nik, JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
		HttpHeaders utf8 = new HttpHeaders();
		utf8.set(HttpHeaders.CONTENT_TYPE, "application/json; charset=\"utf-8\"");
		assertThat(
				this.http.exchange("/api/v1/residents", HttpMethod.POST, new HttpEntity<>(body, utf8), JsonNode.class)
					.getStatusCode())
			.isEqualTo(HttpStatus.CREATED);
		assertThat(this.http.getForObject("/api/v1/residents/" + nik, JsonNode.class).get("fullName").asText())
			.isEqualTo("Nyoman Pradnyā");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castMap(Object value) {
		return (Map<String, Object>) value;
	}

	@Test
	void violationMessagesAreEnglishWhateverTheClientsLanguage() {
		String nik = "3511014506900017";
		assertThat(post("/api/v1/residents", Residents.siti(nik).toMap()).getStatusCode())
			.isEqualTo(HttpStatus.CREATED);
		HttpHeaders german = new HttpHeaders();
		german.setContentType(MediaType.APPLICATION_JSON);
		german.set(HttpHeaders.ACCEPT_LANGUAGE, "de-DE,de;q=0.9,fr;q=0.8");

		// the resident's checks (by hand) and the status change's (Bean Validation)
		ResponseEntity<JsonNode> resident = this.http.exchange("/api/v1/residents", HttpMethod.POST,
				new HttpEntity<>(TestResidents.with(Residents.siti("3511014506900025").toMap(), "fullName", " "),
						german),
				JsonNode.class);
		ResponseEntity<JsonNode> status = this.http.exchange("/api/v1/residents/" + nik + "/status", HttpMethod.POST,
				new HttpEntity<>(Map.of("reason", "Akta kematian 124/2026"), german), JsonNode.class);

		assertThat(resident.getStatusCode()).as("%s", resident.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(status.getStatusCode()).as("%s", status.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(resident.getBody().get("violations").get(0).get("message").asText()).isEqualTo("must not be blank");
		assertThat(status.getBody().get("violations").get(0).get("message").asText()).isEqualTo("must not be null");
	}

	@Test
	void refusesUnreadableJsonWithACode() {
		ResponseEntity<JsonNode> refused = post("/api/v1/residents",
				TestResidents.with(Residents.siti("3511014506900007").toMap(), "sex", "UNKNOWN"));

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
		assertThat(refused.getBody().get("violations").get(0).get("field").asText()).isEqualTo("sex");
	}

	@Test
	void acceptsAndFlagsABirthDateThatDisagreesWithTheNik() {
		String nik = "3511014506900008";

		ResponseEntity<JsonNode> created = post("/api/v1/residents",
				TestResidents.with(Residents.siti(nik).toMap(), "birthDate", "1990-06-07"));

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(created.getBody().get("dataQualityFlags").toString()).contains("BIRTHDATE_MISMATCH");
		assertThat(PublishedEvents.of(this.broker, nik, 1).get(0).getResident().getDataQualityFlags())
			.containsExactly("BIRTHDATE_MISMATCH");
	}

	@Test
	void refusesBirthDatesBefore1900AfterTodayOrOutsideWhatTheDatabaseHolds() {
		String nik = "3511014506900021";
		String tomorrow = LocalDate.now(ZoneId.of("Asia/Jayapura")).plusDays(1).toString();

		List<ResponseEntity<JsonNode>> refused = new ArrayList<>();
		for (String birthDate : List.of("-5000-06-05", "+10000-06-05", "1899-12-31", tomorrow)) {
			refused.add(
					post("/api/v1/residents", TestResidents.with(Residents.siti(nik).toMap(), "birthDate", birthDate)));
		}
		ResponseEntity<JsonNode> unreadable = post("/api/v1/residents",
				TestResidents.with(Residents.siti(nik).toMap(), "birthDate", "+1000000000-06-05"));
		ResponseEntity<JsonNode> earliest = post("/api/v1/residents",
				TestResidents.with(Residents.siti(nik).toMap(), "birthDate", "1900-01-01"));

		assertThat(refused).allSatisfy((answer) -> {
			assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(answer.getBody().get("violations").get(0).get("field").asText()).isEqualTo("birthDate");
			assertThat(answer.getBody().get("violations").get(0).get("code").asText())
				.isEqualTo("BIRTH_DATE_OUT_OF_RANGE");
		});
		assertThat(unreadable.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(unreadable.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
		assertThat(earliest.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		ResponseEntity<JsonNode> update = send(HttpMethod.PUT, "/api/v1/residents/" + nik,
				TestResidents.with(Residents.siti(nik).toMap(), "birthDate", "-5000-06-05"), null);
		assertThat(update.getBody().get("violations").get(0).get("code").asText()).isEqualTo("BIRTH_DATE_OUT_OF_RANGE");
		assertThat(this.jdbc.sql("SELECT birth_date::text FROM resident WHERE nik = ?")
			.param(nik)
			.query(String.class)
			.single()).isEqualTo("1900-01-01");
	}

	@Test
	void sendsARecordWithNoStoreAndTheSecurityHeaders() {
		String nik = "3511014506900022";
		post("/api/v1/residents", Residents.siti(nik).toMap());

		ResponseEntity<JsonNode> read = this.http.getForEntity("/api/v1/residents/" + nik, JsonNode.class);

		assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(read.getHeaders().getCacheControl()).contains("no-store");
		assertThat(read.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(read.getHeaders().getFirst("X-Frame-Options")).isEqualTo("DENY");
	}

	@Test
	void sendsARecordWithoutAReferrer() {
		String nik = "3511014506900023";
		post("/api/v1/residents", Residents.siti(nik).toMap());

		ResponseEntity<JsonNode> read = this.http.getForEntity("/api/v1/residents/" + nik, JsonNode.class);

		assertThat(read.getHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
	}

	@Test
	void answers404ForAnUnknownNikAnd400ForAMalformedOne() {
		assertThat(this.http.getForEntity("/api/v1/residents/3511014506909999", JsonNode.class)
			.getBody()
			.get("code")
			.asText()).isEqualTo("RESIDENT_NOT_FOUND");
		ResponseEntity<JsonNode> malformed = this.http.getForEntity("/api/v1/residents/35110145069", JsonNode.class);
		assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(malformed.getBody().get("violations").get(0).get("code").asText()).isEqualTo("NIK_LENGTH");
	}

	private ResponseEntity<JsonNode> post(String path, Object body) {
		return send(HttpMethod.POST, path, body, null);
	}

	private ResponseEntity<JsonNode> send(HttpMethod method, String path, Object body, String ifMatch) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		if (ifMatch != null) {
			headers.setIfMatch(ifMatch);
		}
		return this.http.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
	}

	/** The events published for the NIK, once its outbox rows are. */
	private long outboxRows(String nik) {
		return PublishedEvents.allOf(this.jdbc, this.broker, List.of(nik)).size();
	}

}
