package id.niksync.registry.republish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.niksync.registry.PublishedEvents;
import id.niksync.registry.resident.ResidentRegistry;
import id.niksync.registry.resident.ResidentRequest;
import id.niksync.schemas.avro.ChangeType;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.testsupport.Residents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
				"ops-budi");

		assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(accepted.getBody().get("version").asLong()).isEqualTo(2);
		long changeSeq = accepted.getBody().get("changeSeq").asLong();
		assertThat(this.jdbc.sql("SELECT change_type FROM outbox WHERE nik = ? ORDER BY id")
			.param(nik)
			.query(String.class)
			.list()).containsExactly("ISSUED", "RESYNC");
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

		assertThat(audit(nik)).containsExactly("REONLINE by ops-budi: Aduan WA 0812");
	}

	@Test
	void refusesAWrongKkNumberWith422AndPublishesNothing() {
		String nik = nik("351501", 2);
		TestRegistrations.register(this.registry, this.json, List.of(nik));

		ResponseEntity<JsonNode> refused = reonline(nik, Map.of("kkNumber", "3511010101100002"), null);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("KK_MISMATCH");
		assertThat(this.jdbc.sql("SELECT count(*) FROM outbox WHERE nik = ?").param(nik).query(Long.class).single())
			.isEqualTo(1);
		assertThat(this.http.getForObject("/api/v1/residents/" + nik, JsonNode.class).get("version").asLong())
			.isEqualTo(1);
		assertThat(audit(nik)).containsExactly("REONLINE_REFUSED by anonymous: null");
	}

	@Test
	void answersAWrongKkNumberAlikeWhateverTheRecordHolds() {
		String siti = nik("351501", 3);
		String other = nik("351501", 4);
		TestRegistrations.register(this.registry, this.json, List.of(siti));
		Map<String, Object> otherFamily = new LinkedHashMap<>(Residents.siti(other).toMap());
		otherFamily.put("kkNumber", "3201011212120009");
		this.registry.register(this.json.convertValue(otherFamily, ResidentRequest.class));

		JsonNode first = reonline(siti, Map.of("kkNumber", "3201011212120001"), null).getBody();
		JsonNode second = reonline(other, Map.of("kkNumber", "3201011212120001"), null).getBody();

		assertThat(withoutInstance(first)).isEqualTo(withoutInstance(second));
		assertThat(first.toString()).doesNotContain(KK, "Siti", "Aminah");
		assertThat(second.toString()).doesNotContain("3201011212120009", "Siti", "Aminah");
	}

	@Test
	void answers404ForAnUnknownNik() {
		String nik = nik("351501", 9);

		ResponseEntity<JsonNode> unknown = reonline(nik, Map.of("kkNumber", KK), null);

		assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(unknown.getBody().get("code").asText()).isEqualTo("RESIDENT_NOT_FOUND");
		assertThat(this.jdbc.sql("SELECT count(*) FROM outbox WHERE nik = ?").param(nik).query(Long.class).single())
			.isZero();
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

	private ResponseEntity<JsonNode> reonline(String nik, Map<String, String> body, String operator) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		if (operator != null) {
			headers.set("X-Operator", operator);
		}
		return this.http.postForEntity("/api/v1/residents/" + nik + "/republish", new HttpEntity<>(body, headers),
				JsonNode.class);
	}

	private List<String> audit(String nik) {
		return this.jdbc
			.sql("SELECT action || ' by ' || operator || ': ' || coalesce(reason, 'null') FROM registry_audit"
					+ " WHERE target = ? ORDER BY id")
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
