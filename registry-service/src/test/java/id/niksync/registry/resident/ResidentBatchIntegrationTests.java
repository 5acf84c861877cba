package id.niksync.registry.resident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.PublishedEvents;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.schemas.avro.ChangeType;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.testsupport.Residents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class ResidentBatchIntegrationTests {

	private static final String BATCH = "/api/v1/residents/batch";

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Test
	void registersEveryResidentAtVersion1WithConsecutiveChangeSeqsInRequestOrder() {
		// Not in NIK order, so request order and NIK order cannot be confused.
		List<String> niks = List.of(nik(105), nik(101), nik(104), nik(102), nik(103));
		List<Map<String, Object>> residents = new ArrayList<>(
				niks.stream().map((nik) -> Residents.siti(nik).toMap()).toList());
		residents.set(2, TestResidents.with(residents.get(2), "birthDate", "1990-06-07"));

		ResponseEntity<JsonNode> created = post(residents);

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(created.getBody().get("count").asInt()).isEqualTo(5);
		JsonNode answered = created.getBody().get("residents");
		assertThat(answered).extracting((r) -> r.get("nik").asText()).containsExactlyElementsOf(niks);
		assertThat(answered).extracting((r) -> r.get("version").asLong()).containsOnly(1L);
		long first = answered.get(0).get("changeSeq").asLong();
		assertThat(answered).extracting((r) -> r.get("changeSeq").asLong())
			.containsExactly(first, first + 1, first + 2, first + 3, first + 4);

		// one event per resident, its changeSeq in request order
		List<NikChanged> published = PublishedEvents.allOf(this.jdbc, this.broker, niks);
		assertThat(published).hasSize(5);
		assertThat(published).extracting((event) -> event.getChangeType() + ":" + event.getVersion())
			.containsOnly("ISSUED:1");
		JsonNode flagged = this.http.getForObject("/api/v1/residents/" + niks.get(2), JsonNode.class);
		assertThat(flagged.get("version").asLong()).isEqualTo(1);
		assertThat(flagged.get("status").asText()).isEqualTo("ACTIVE");
		assertThat(flagged.get("birthDate").asText()).isEqualTo("1990-06-07");
		assertThat(flagged.get("dataQualityFlags").toString()).contains("BIRTHDATE_MISMATCH");

		Map<String, NikChanged> events = PublishedEvents.lastOf(this.broker, niks);
		for (int i = 0; i < niks.size(); i++) {
			NikChanged event = events.get(niks.get(i));
			assertThat(event.getChangeSeq()).isEqualTo(first + i);
			assertThat(event.getVersion()).isEqualTo(1);
			assertThat(event.getChangeType()).isEqualTo(ChangeType.ISSUED);
			assertThat(event.getResident().getFullName()).isEqualTo("Siti Aminah");
		}
		assertThat(events.get(niks.get(2)).getResident().getBirthDate()).isEqualTo(LocalDate.of(1990, 6, 7));
		assertThat(events.get(niks.get(2)).getResident().getDataQualityFlags()).containsExactly("BIRTHDATE_MISMATCH");
	}

	@Test
	void acceptsAFullBatch() {
		List<String> niks = IntStream.rangeClosed(1001, 2000).mapToObj(ResidentBatchIntegrationTests::nik).toList();

		ResponseEntity<JsonNode> created = post(niks.stream().map((nik) -> Residents.siti(nik).toMap()).toList());

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(created.getBody().get("count").asInt()).isEqualTo(1000);
		assertThat(registered(niks)).isEqualTo(1000);
		List<Long> changeSeqs = new ArrayList<>();
		created.getBody().get("residents").forEach((r) -> changeSeqs.add(r.get("changeSeq").asLong()));
		assertThat(changeSeqs).as("one change sequence number each, without gaps")
			.doesNotHaveDuplicates()
			.hasSize(1000);
		assertThat(changeSeqs.stream().mapToLong(Long::longValue).max().orElseThrow()
				- changeSeqs.stream().mapToLong(Long::longValue).min().orElseThrow() + 1)
			.isEqualTo(1000);
		assertThat(outboxRows(niks)).isEqualTo(1000);
	}

	@Test
	void refusesTheWholeBatchListingEveryViolationByIndex() {
		List<String> niks = List.of(nik(201), nik(202), nik(203), nik(204));
		List<Map<String, Object>> residents = new ArrayList<>(
				niks.stream().map((nik) -> Residents.siti(nik).toMap()).toList());
		Map<String, Object> invalid = TestResidents.with(residents.get(1), "birthDate", "2999-01-01");
		residents.set(1, TestResidents.with(invalid, "fullName", ""));
		residents.set(3, TestResidents.with(residents.get(3), "kkNumber", "123"));

		ResponseEntity<JsonNode> refused = post(residents);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		assertThat(violations(refused)).containsExactly("residents[1].birthDate:BIRTH_DATE_OUT_OF_RANGE",
				"residents[1].fullName:FIELD_REQUIRED", "residents[3].kkNumber:KK_LENGTH");
		assertThat(registered(niks)).isZero();
		assertThat(outboxRows(niks)).isZero();
	}

	@Test
	void refusesTheWholeBatchWhenANikIsAlreadyRegistered() {
		String existing = nik(302);
		assertThat(this.http.postForEntity("/api/v1/residents", Residents.siti(existing).toMap(), JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		List<String> niks = List.of(nik(301), existing, nik(303));

		ResponseEntity<JsonNode> refused = post(niks.stream().map((nik) -> Residents.siti(nik).toMap()).toList());

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("RESIDENT_EXISTS");
		assertThat(refused.getBody().get("existingNiks")).extracting(JsonNode::asText).containsExactly(existing);
		assertThat(registered(niks)).isEqualTo(1);
		assertThat(outboxRows(niks)).isEqualTo(1);
	}

	@Test
	void refusesTheSameNikTwiceInOneBatch() {
		List<String> niks = List.of(nik(401), nik(402), nik(401));

		ResponseEntity<JsonNode> refused = post(niks.stream().map((nik) -> Residents.siti(nik).toMap()).toList());

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		assertThat(violations(refused)).containsExactly("residents[2].nik:DUPLICATE_IN_BATCH");
		assertThat(registered(niks)).isZero();
	}

	@Test
	void refusesAnEmptyBatchAndOneLargerThanTheLimit() {
		ResponseEntity<JsonNode> empty = post(List.of());
		assertThat(empty.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(empty.getBody().get("code").asText()).isEqualTo("BATCH_EMPTY");
		assertThat(this.http.postForEntity(BATCH, Map.of(), JsonNode.class).getBody().get("code").asText())
			.isEqualTo("BATCH_EMPTY");

		List<String> niks = IntStream.rangeClosed(5001, 6001).mapToObj(ResidentBatchIntegrationTests::nik).toList();
		ResponseEntity<JsonNode> tooLarge = post(niks.stream().map((nik) -> Residents.siti(nik).toMap()).toList());

		assertThat(tooLarge.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(tooLarge.getBody().get("code").asText()).isEqualTo("BATCH_TOO_LARGE");
		assertThat(tooLarge.getBody().get("maxBatchSize").asInt()).isEqualTo(1000);
		assertThat(registered(niks)).isZero();
	}

	/**
	 * A NIK in Bondowoso district 07, which no other test uses (the Spring context and
	 * its database are shared), for a woman born 5 June 1990 as in TestResidents.
	 */
	private static String nik(int serial) {
		return "351107450690" + String.format("%04d", serial);
	}

	private ResponseEntity<JsonNode> post(List<Map<String, Object>> residents) {
		return this.http.postForEntity(BATCH, Map.of("residents", residents), JsonNode.class);
	}

	private static List<String> violations(ResponseEntity<JsonNode> refused) {
		List<String> violations = new ArrayList<>();
		refused.getBody()
			.get("violations")
			.forEach((v) -> violations.add(v.get("field").asText() + ":" + v.get("code").asText()));
		return violations;
	}

	private long registered(List<String> niks) {
		return this.jdbc.sql("SELECT count(*) FROM resident WHERE nik = ANY(?)")
			.param(niks.toArray(String[]::new))
			.query(Long.class)
			.single();
	}

	/** The events published for the NIKs, once their outbox rows are. */
	private long outboxRows(List<String> niks) {
		return PublishedEvents.allOf(this.jdbc, this.broker, niks).size();
	}

}
