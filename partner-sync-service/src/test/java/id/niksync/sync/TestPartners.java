package id.niksync.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.replica.ReplicaRecord;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partner institutions registered through the admin API, and requests made with their
 * keys.
 */
public final class TestPartners {

	private static final AtomicInteger names = new AtomicInteger();

	private TestPartners() {
	}

	/** Registers an institution (as ADMIN) and returns it with its key. */
	public static Partner register(TestRestTemplate http, String type, int requestsPerSecond) {
		return register(http, type, requestsPerSecond, List.of());
	}

	/** Registers an institution with permissions (e.g. REONLINE). */
	public static Partner register(TestRestTemplate http, String type, int requestsPerSecond,
			List<String> permissions) {
		ResponseEntity<JsonNode> created = TestOperators.asAdmin(http)
			.postForEntity("/ops/institutions",
					Map.of("name", type + " test " + names.incrementAndGet() + " " + UUID.randomUUID(), "type", type,
							"requestsPerSecond", requestsPerSecond, "permissions", permissions),
					JsonNode.class);
		assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
		return new Partner(created.getBody().at("/institution/id").asLong(),
				created.getBody().at("/apiKey/key").asText(), created.getBody().at("/apiKey/keyId").asText());
	}

	/** Headers of a partner request: the key (if any) and a purpose (if any). */
	public static HttpHeaders headers(String key, String purpose) {
		HttpHeaders headers = new HttpHeaders();
		if (key != null) {
			headers.set(HttpHeaders.AUTHORIZATION, "ApiKey " + key);
		}
		if (purpose != null) {
			headers.set("X-Purpose", purpose);
		}
		headers.setContentType(MediaType.APPLICATION_JSON);
		return headers;
	}

	public static ResponseEntity<JsonNode> get(TestRestTemplate http, String path, String key, String purpose) {
		return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(key, purpose)), JsonNode.class);
	}

	public static ResponseEntity<JsonNode> post(TestRestTemplate http, String path, Object body, String key,
			String purpose) {
		return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers(key, purpose)), JsonNode.class);
	}

	/**
	 * The outcomes audited for partner requests made with {@code purpose}, oldest first.
	 */
	public static List<String> auditedOutcomes(JdbcClient jdbc, String purpose) {
		return jdbc.sql("SELECT outcome FROM partner_audit WHERE purpose = ? ORDER BY id")
			.param(purpose)
			.query(String.class)
			.list();
	}

	/** Siti Aminah's record at a version and status, as the replica would hold it. */
	public static ReplicaRecord resident(String nik, long version, String status) {
		return new ReplicaRecord(nik, "3511010101100001", "Siti Aminah", "Bondowoso", LocalDate.of(1990, 6, 5),
				"FEMALE", "ISLAM", "MARRIED", "Guru", "WNI", "Jl. KH. Wahid Hasyim 12", "001", "002", "Kademangan",
				"Bondowoso", "Kabupaten Bondowoso", "Jawa Timur", "68211", status, "", version, version,
				UUID.randomUUID(), (version == 1) ? "ISSUED" : "UPDATED", Instant.now());
	}

	public record Partner(long id, String key, String keyId) {
	}

}
