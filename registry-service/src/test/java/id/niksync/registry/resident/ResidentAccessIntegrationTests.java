package id.niksync.registry.resident;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.registry.TestAccounts;
import id.niksync.testsupport.Residents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registrar writes within the regions of their account, every write names them in the
 * audit, and nobody reads a record without signing in.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class ResidentAccessIntegrationTests {

	private static final String BONDOWOSO = "3511014506900531";

	private static final String BANDUNG = "3201014506900531";

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aRegistrarWritesInTheirRegionAndEveryWriteIsAuditedWithTheirNameAndAddress() {
		TestRestTemplate registrar = registrar();

		assertThat(registrar.postForEntity("/api/v1/residents", Residents.siti(BONDOWOSO).toMap(), JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(registrar
			.exchange("/api/v1/residents/" + BONDOWOSO, HttpMethod.PUT,
					new HttpEntity<>(Residents.siti(BONDOWOSO).withOccupation("Guru").toMap()), JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(registrar
			.postForEntity("/api/v1/residents/" + BONDOWOSO + "/status",
					Map.of("status", "INACTIVE", "reason", "pindah keluar"), JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.OK);

		assertThat(this.jdbc.sql("""
				SELECT action || ' by ' || operator || ' from ' || client_address || ': ' || coalesce(reason, '-')
				FROM registry_audit WHERE target = ? ORDER BY id""").param(BONDOWOSO).query(String.class).list())
			.containsExactly("RESIDENT_REGISTERED by test-registrar from 127.0.0.1: -",
					"RESIDENT_UPDATED by test-registrar from 127.0.0.1: -",
					"RESIDENT_STATUS_CHANGED by test-registrar from 127.0.0.1: pindah keluar");
	}

	@Test
	void aRegistrarCannotWriteOutsideTheirRegions() {
		TestRestTemplate registrar = registrar();
		String inside = "3511014506900532";

		ResponseEntity<JsonNode> create = registrar.postForEntity("/api/v1/residents", Residents.siti(BANDUNG).toMap(),
				JsonNode.class);
		ResponseEntity<JsonNode> batch = registrar.postForEntity("/api/v1/residents/batch",
				Map.of("residents", List.of(Residents.siti(inside).toMap(), Residents.siti(BANDUNG).toMap())),
				JsonNode.class);
		this.http.postForEntity("/api/v1/residents", Residents.siti("3201014506900533").toMap(), JsonNode.class);
		ResponseEntity<JsonNode> status = registrar.postForEntity("/api/v1/residents/3201014506900533/status",
				Map.of("status", "DECEASED", "reason", "x"), JsonNode.class);

		for (ResponseEntity<JsonNode> refused : List.of(create, batch, status)) {
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("REGION_NOT_ALLOWED");
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM resident WHERE nik IN (?, ?)")
			.params(inside, BANDUNG)
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("SELECT status FROM resident WHERE nik = '3201014506900533'")
			.query(String.class)
			.single()).isEqualTo("ACTIVE");
	}

	@Test
	void aRegistrarReadsOnlyTheirRegionAndEveryReadIsAudited() {
		this.http.postForEntity("/api/v1/residents", Residents.siti("3511014506900536").toMap(), JsonNode.class);
		this.http.postForEntity("/api/v1/residents", Residents.siti("3201014506900536").toMap(), JsonNode.class);

		ResponseEntity<JsonNode> own = registrar().getForEntity("/api/v1/residents/3511014506900536", JsonNode.class);
		ResponseEntity<JsonNode> foreign = registrar().getForEntity("/api/v1/residents/3201014506900536",
				JsonNode.class);
		ResponseEntity<JsonNode> foreignUnknown = registrar().getForEntity("/api/v1/residents/3201014506900537",
				JsonNode.class);

		assertThat(own.getStatusCode()).isEqualTo(HttpStatus.OK);
		// Existing or not, a NIK outside the account's regions answers alike.
		for (ResponseEntity<JsonNode> refused : List.of(foreign, foreignUnknown)) {
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("REGION_NOT_ALLOWED");
			assertThat(refused.getBody().toString()).doesNotContain("Siti");
		}
		assertThat(this.jdbc.sql("SELECT operator FROM registry_audit WHERE target = ? AND action = 'RESIDENT_VIEWED'")
			.param("3511014506900536")
			.query(String.class)
			.list()).containsExactly(TestAccounts.REGISTRAR);
	}

	@Test
	void aStatusChangeNeedsAReason() {
		this.http.postForEntity("/api/v1/residents", Residents.siti("3511014506900534").toMap(), JsonNode.class);

		ResponseEntity<JsonNode> refused = registrar().postForEntity("/api/v1/residents/3511014506900534/status",
				Map.of("status", "DECEASED", "reason", " "), JsonNode.class);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("REASON_REQUIRED");
		// 1 to 500 characters, counted as characters: 500 emoji are a reason (they were
		// FIELD_LENGTH from 251, counted as UTF-16 units), 501 are not
		String emoji = "\uD83D\uDE00";
		ResponseEntity<JsonNode> tooLong = registrar().postForEntity("/api/v1/residents/3511014506900534/status",
				Map.of("status", "INACTIVE", "reason", emoji.repeat(501)), JsonNode.class);
		assertThat(tooLong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(tooLong.getBody().get("code").asText()).isEqualTo("REASON_REQUIRED");
		assertThat(registrar()
			.postForEntity("/api/v1/residents/3511014506900534/status",
					Map.of("status", "INACTIVE", "reason", emoji.repeat(500)), JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void nobodyReadsARecordWithoutSigningIn() {
		this.http.postForEntity("/api/v1/residents", Residents.siti("3511014506900535").toMap(), JsonNode.class);

		ResponseEntity<String> anonymous = TestAccounts.anonymous(this.http)
			.getForEntity("/api/v1/residents/3511014506900535", String.class);

		assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
		assertThat(anonymous.getBody()).doesNotContain("Siti").doesNotContain("3511010101100001");
	}

	private TestRestTemplate registrar() {
		return this.http.withBasicAuth(TestAccounts.REGISTRAR, TestAccounts.PASSWORD);
	}

}
