package id.niksync.registry.republish;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.registry.PublishedEvents;
import id.niksync.registry.TestAccounts;
import id.niksync.registry.resident.ResidentRegistry;
import id.niksync.schemas.avro.ChangeType;
import id.niksync.schemas.avro.NikChanged;
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
import static id.niksync.registry.republish.TestRegistrations.niks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs with batches of 100 and a 100 ms pause between them, so progress can be watched.
 */
@RepublishIntegrationTest
class RepublishJobIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Autowired
	ObjectMapper json;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ResidentRegistry registry;

	@Autowired
	RepublishWorker worker;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Test
	void republishesAWholeRegionInBatchesAndReportsProgressOnTheWay() {
		TestRegistrations.register(this.registry, this.json, niks("351201", 1200));
		List<String> neighbours = niks("352201", 3);
		TestRegistrations.register(this.registry, this.json, neighbours);

		ResponseEntity<JsonNode> started = start(Map.of("regionPrefix", "3512", "reason", "Bondowoso 2021 outage"),
				null);

		assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		String jobId = started.getBody().get("jobId").asText();
		assertThat(started.getHeaders().getLocation()).hasPath("/api/v1/republish/" + jobId);
		List<JsonNode> seen = new ArrayList<>();
		JsonNode finished = await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> record(seen, progress(jobId)), (job) -> !job.get("state").asText().equals("RUNNING"));

		assertThat(seen).anySatisfy((job) -> {
			assertThat(job.get("state").asText()).isEqualTo("RUNNING");
			assertThat(job.get("done").asLong()).isBetween(1L, 1199L);
			assertThat(job.get("total").asLong()).isEqualTo(1200);
		});
		assertThat(finished.get("state").asText()).isEqualTo("COMPLETED");
		assertThat(finished.get("kind").asText()).isEqualTo("REGION");
		assertThat(finished.get("regionPrefix").asText()).isEqualTo("3512");
		assertThat(finished.get("total").asLong()).isEqualTo(1200);
		assertThat(finished.get("done").asLong()).isEqualTo(1200);
		assertThat(finished.get("missing").asLong()).isZero();
		assertThat(finished.get("ratePerSecond").asDouble()).isPositive();
		assertThat(finished.get("requestedBy").asText()).isEqualTo("test-supervisor");
		assertThat(finished.get("reason").asText()).isEqualTo("Bondowoso 2021 outage");
		// a completed job holds no claim: no instance works on it, no lease runs
		assertThat(finished.has("worker")).isFalse();
		assertThat(finished.has("leaseUntil")).isFalse();
		assertThat(finished.has("finishedAt")).isTrue();

		assertThat(count("SELECT count(*) FROM resident WHERE nik LIKE '3512%' AND version = 2")).isEqualTo(1200);
		assertThat(count("SELECT count(*) FROM resident WHERE nik LIKE '3522%' AND version = 1")).isEqualTo(3);
		assertThat(audit("3512")).containsExactly("REPUBLISH_REGION by test-supervisor: Bondowoso 2021 outage");
		// The relay is woken by each batch's commit and publishes everything: one RESYNC
		// of version 2 per resident of the region, none for the neighbours.
		List<NikChanged> resyncs = resyncs("3512");
		assertThat(resyncs).hasSize(1200).allSatisfy((event) -> assertThat(event.getVersion()).isEqualTo(2));
		assertThat(resyncs.stream().map(NikChanged::getNik).distinct()).hasSize(1200);
		assertThat(resyncs("3522")).isEmpty();
	}

	@Test
	void countsListedNiksThatAreNotRegisteredAsMissing() {
		List<String> registered = niks("351301", 3);
		TestRegistrations.register(this.registry, this.json, registered);
		List<String> asked = List.of(registered.get(2), nik("351301", 8), registered.get(0), nik("351301", 9),
				registered.get(1), registered.get(0));

		String jobId = start(Map.of("niks", asked), null).getBody().get("jobId").asText();
		JsonNode finished = await().atMost(Duration.ofSeconds(30))
			.until(() -> progress(jobId), (job) -> job.get("state").asText().equals("COMPLETED"));

		assertThat(finished.get("kind").asText()).isEqualTo("NIKS");
		assertThat(finished.get("nikCount").asInt()).isEqualTo(5);
		assertThat(finished.has("regionPrefix")).isFalse();
		assertThat(finished.get("total").asLong()).isEqualTo(3);
		assertThat(finished.get("done").asLong()).isEqualTo(3);
		assertThat(finished.get("missing").asLong()).isEqualTo(2);
		assertThat(count("SELECT count(*) FROM resident WHERE nik LIKE '351301%' AND version = 2")).isEqualTo(3);
		assertThat(resyncs("351301")).hasSize(3);
		assertThat(audit(jobId)).containsExactly("REPUBLISH_NIKS by test-supervisor: test");
	}

	@Test
	void republishesAListedNikAboveTheVersionAReplicaHoldsAheadOfTheRegistry() {
		List<String> registered = niks("351901", 2);
		TestRegistrations.register(this.registry, this.json, registered);

		String jobId = start(Map.of("niks", registered, "aboveVersions", Map.of(registered.get(0), 101)), null)
			.getBody()
			.get("jobId")
			.asText();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> progress(jobId), (job) -> job.get("state").asText().equals("COMPLETED"));

		assertThat(versions(registered)).containsExactly(102L, 2L);
		assertThat(resyncs(registered.get(0))).last().extracting(NikChanged::getVersion).isEqualTo(102L);
	}

	@Test
	void refusesAboveVersionsForNiksNotListedOrOutOfRange() {
		List<String> listed = List.of(nik("351601", 1));

		assertThat(violations(start(Map.of("niks", listed, "aboveVersions", Map.of(nik("351601", 2), 5)), null)))
			.containsExactly("NOT_LISTED");
		assertThat(violations(start(Map.of("niks", listed, "aboveVersions", Map.of(listed.get(0), 0)), null)))
			.containsExactly("FIELD_RANGE");
		assertThat(
				violations(start(Map.of("niks", listed, "aboveVersions", Map.of(listed.get(0), Long.MAX_VALUE)), null)))
			.containsExactly("FIELD_RANGE");
		// 2^52 + 1: later changes of a NIK republished above it would leave 2^53, where
		// JSON parsers of doubles are no longer exact
		assertThat(violations(
				start(Map.of("niks", listed, "aboveVersions", Map.of(listed.get(0), 4_503_599_627_370_497L)), null)))
			.containsExactly("FIELD_RANGE");
		assertThat(violations(start(Map.of("regionPrefix", "3516", "aboveVersions", Map.of(listed.get(0), 5)), null)))
			.containsExactly("REPUBLISH_TARGET_INVALID");
		// a version is a whole JSON number: neither a fraction nor a string is rounded or
		// parsed into one
		for (Object notAWholeNumber : List.of(5.5, "7", true)) {
			ResponseEntity<JsonNode> refused = start(
					Map.of("niks", listed, "aboveVersions", Map.of(listed.get(0), notAWholeNumber)), null);
			assertThat(refused.getStatusCode()).as("%s", notAWholeNumber).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().path("code").asText()).isEqualTo("MALFORMED_REQUEST");
		}
	}

	@Test
	void resumesAJobLeftRunningFromItsCursor() {
		List<String> region = niks("351401", 10);
		TestRegistrations.register(this.registry, this.json, region);

		// As a restart leaves it: four residents done and counted, the cursor after the
		// fourth.
		JsonNode finished = resumedToTheEnd("3514", 10, 4, region.get(3));

		assertThat(finished.get("done").asLong()).isEqualTo(10);
		assertThat(versions(region)).containsExactly(1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 2L, 2L);
		assertThat(resyncs("3514").stream().map(NikChanged::getNik).sorted().toList())
			.containsExactlyElementsOf(region.subList(4, 10));
	}

	/**
	 * Residents registered in the region while its job runs are republished too: the
	 * total counted at the start grows with them, and never ends below what was done.
	 */
	@Test
	void aJobsTotalGrowsWithResidentsRegisteredWhileItRan() {
		List<String> region = niks("352101", 6);
		TestRegistrations.register(this.registry, this.json, region);

		// counted when only two were registered
		JsonNode finished = resumedToTheEnd("3521", 2, 0, null);

		assertThat(finished.get("done").asLong()).isEqualTo(6);
		assertThat(finished.get("total").asLong()).isEqualTo(6);
	}

	/**
	 * A region job as an instance that stopped left it (running, no lease), taken up
	 * again and awaited until it completes.
	 * @return its progress then
	 */
	private JsonNode resumedToTheEnd(String prefix, long total, long done, String lastNik) {
		UUID jobId = UUID.randomUUID();
		Timestamp before = Timestamp.from(Instant.now().minusSeconds(60));
		this.jdbc.sql("""
				INSERT INTO republish_job (id, kind, region_prefix, state, total, done, last_nik, requested_by,
				    started_at, updated_at)
				VALUES (?, 'REGION', ?, 'RUNNING', ?, ?, ?, 'ops-ani', ?, ?)""")
			.params(jobId, prefix, total, done, lastNik, before, before)
			.update();
		this.worker.resumeInterrupted();
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> progress(jobId.toString()), (job) -> job.get("state").asText().equals("COMPLETED"));
	}

	@Test
	void refusesAnInvalidTargetWithEveryViolationAndStartsNothing() {
		long jobsBefore = count("SELECT count(*) FROM republish_job");

		assertThat(violations(start(Map.of("regionPrefix", "351"), null))).containsExactly("REGION_PREFIX_INVALID");
		assertThat(violations(start(Map.of("regionPrefix", "9900"), null)))
			.containsExactly("REGION_PREFIX_PROVINCE_UNKNOWN", "REGION_PREFIX_REGENCY_ZERO");
		assertThat(violations(start(Map.of("regionPrefix", "3511", "niks", List.of(nik("351101", 1))), null)))
			.containsExactly("REPUBLISH_TARGET_INVALID");
		assertThat(violations(start(Map.of("niks", List.of(nik("351101", 1), "3511014506900000")), null)))
			.containsExactly("NIK_SERIAL_ZERO");
		assertThat(violations(start(Map.of("niks", niks("351101", 51)), null))).containsExactly("FIELD_LENGTH");
		assertThat(count("SELECT count(*) FROM republish_job")).isEqualTo(jobsBefore);
	}

	@Test
	void refusesAJobWithoutAReasonOrOutsideTheSupervisorsRegions() {
		long jobsBefore = count("SELECT count(*) FROM republish_job");

		ResponseEntity<JsonNode> noReason = start(Map.of("regionPrefix", "3516", "reason", " "), null);
		ResponseEntity<JsonNode> elsewhere = start(Map.of("regionPrefix", "3201"), null);
		ResponseEntity<JsonNode> wholeCountryOfNiks = start(
				Map.of("niks", List.of(nik("351601", 1), "3201014506900001")), null);

		assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(noReason.getBody().get("code").asText()).isEqualTo("REASON_REQUIRED");
		assertThat(elsewhere.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(elsewhere.getBody().get("code").asText()).isEqualTo("REGION_NOT_ALLOWED");
		assertThat(wholeCountryOfNiks.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(count("SELECT count(*) FROM republish_job")).isEqualTo(jobsBefore);
	}

	@Test
	void refusesARegionJobWhileAnOverlappingOneRuns() {
		Timestamp now = Timestamp.from(Instant.now());
		// Held by another instance that is alive: this one's worker leaves it alone.
		this.jdbc
			.sql("""
					INSERT INTO republish_job (id, kind, region_prefix, state, total, requested_by, started_at, updated_at,
					    worker, lease_until)
					VALUES (?, 'REGION', '3517', 'RUNNING', 0, 'test', ?, ?, 'another-instance', now() + interval '1 hour')""")
			.params(UUID.randomUUID(), now, now)
			.update();

		for (String overlapping : List.of("35", "3517", "351701")) {
			ResponseEntity<JsonNode> refused = start(Map.of("regionPrefix", overlapping), null);
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("REPUBLISH_ALREADY_RUNNING");
		}
		assertThat(start(Map.of("regionPrefix", "3518"), null).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		this.jdbc.sql("UPDATE republish_job SET state = 'FAILED' WHERE region_prefix = '3517'").update();
	}

	/**
	 * A job's progress (its reason, who started it) is read within the reader's regions,
	 * as a job is started and resumed: a supervisor of another province read it.
	 */
	@Test
	void showsAJobOnlyWithinTheReadersRegions() {
		assertThat(this.http.withBasicAuth(TestAccounts.ADMIN, TestAccounts.PASSWORD)
			.postForEntity("/api/v1/accounts",
					Map.of("username", "sup.jabar", "password", "Kawah-putih-Ciwidey-2026", "roles",
							List.of("SUPERVISOR"), "regions", List.of("32"), "reason", "test"),
					JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String regionJob = start(Map.of("regionPrefix", "3520"), null).getBody().get("jobId").asText();
		String listJob = start(Map.of("niks", List.of(nik("352001", 1))), null).getBody().get("jobId").asText();
		TestRestTemplate elsewhere = this.http.withBasicAuth("sup.jabar", "Kawah-putih-Ciwidey-2026");

		for (String jobId : List.of(regionJob, listJob)) {
			ResponseEntity<JsonNode> refused = elsewhere.getForEntity("/api/v1/republish/" + jobId, JsonNode.class);
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("REGION_NOT_ALLOWED");
			assertThat(refused.getBody().has("requestedBy")).isFalse();
			assertThat(refused.getBody().has("reason")).isFalse();
			assertThat(this.http.withBasicAuth(TestAccounts.SUPERVISOR, TestAccounts.PASSWORD)
				.getForEntity("/api/v1/republish/" + jobId, JsonNode.class)
				.getStatusCode()).isEqualTo(HttpStatus.OK);
		}
	}

	@Test
	void answers404ForAnUnknownJob() {
		for (String id : List.of(UUID.randomUUID().toString(), "not-a-job")) {
			ResponseEntity<JsonNode> unknown = this.http.getForEntity("/api/v1/republish/" + id, JsonNode.class);
			assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
			assertThat(unknown.getBody().get("code").asText()).isEqualTo("JOB_NOT_FOUND");
		}
	}

	/**
	 * Signs in as the supervisor of province 35; a body without a reason gets one.
	 */
	private ResponseEntity<JsonNode> start(Map<String, Object> body, String reason) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		Map<String, Object> sent = new java.util.LinkedHashMap<>(body);
		sent.putIfAbsent("reason", (reason != null) ? reason : "test");
		return this.http.withBasicAuth(TestAccounts.SUPERVISOR, TestAccounts.PASSWORD)
			.postForEntity("/api/v1/republish", new HttpEntity<>(sent, headers), JsonNode.class);
	}

	private JsonNode progress(String jobId) {
		ResponseEntity<JsonNode> response = this.http.getForEntity("/api/v1/republish/" + jobId, JsonNode.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	private static JsonNode record(List<JsonNode> seen, JsonNode job) {
		seen.add(job);
		return job;
	}

	private static List<String> violations(ResponseEntity<JsonNode> refused) {
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		List<String> codes = new ArrayList<>();
		refused.getBody().get("violations").forEach((v) -> codes.add(v.get("code").asText()));
		return codes;
	}

	/** The RESYNC events published for NIKs starting with {@code prefix}. */
	private List<NikChanged> resyncs(String prefix) {
		return PublishedEvents.allOf(this.jdbc, this.broker, prefix)
			.stream()
			.filter((event) -> event.getChangeType() == ChangeType.RESYNC)
			.toList();
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

	private List<Long> versions(List<String> niks) {
		return niks.stream()
			.map((nik) -> this.jdbc.sql("SELECT version FROM resident WHERE nik = ?")
				.param(nik)
				.query(Long.class)
				.single())
			.toList();
	}

	private List<String> audit(String target) {
		return this.jdbc
			.sql("SELECT action || ' by ' || operator || ': ' || coalesce(reason, 'null') FROM registry_audit"
					+ " WHERE target = ? ORDER BY id")
			.param(target)
			.query(String.class)
			.list();
	}

}
