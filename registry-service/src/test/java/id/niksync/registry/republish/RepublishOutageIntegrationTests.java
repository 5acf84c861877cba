package id.niksync.registry.republish;

import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.registry.PublishedEvents;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.registry.TestAccounts;
import id.niksync.registry.resident.ResidentRegistry;
import id.niksync.schemas.avro.ChangeType;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.testsupport.DatabaseLink;
import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.testsupport.SeverableEmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import static id.niksync.registry.republish.TestRegistrations.niks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Republish jobs through what takes their database or their worker away: no job stays
 * RUNNING with nobody working on it.
 *
 * <p>
 * The outage is a {@link DatabaseLink} cut between the registry and its database: open
 * connections are reset and new ones refused, as when the database server stops (the
 * shared embedded server cannot be stopped without taking every other test's database,
 * and {@code ALLOW_CONNECTIONS false} refuses with a server message rather than at the
 * socket). Two attempts per batch would be spent within the first seconds of it: the
 * outage must not count as a failure of the job, and the job must not be left RUNNING
 * when the worker lets it go.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
@ContextConfiguration(initializers = SeverableEmbeddedPostgres.class)
@TestPropertySource(properties = { "niksync.republish.batch-size=100", "niksync.republish.pause-between-batches=300ms",
		"niksync.republish.max-attempts=2", "niksync.republish.retry-backoff=100ms",
		"niksync.republish.resume-interval=1s", "niksync.republish.lease=5s" })
class RepublishOutageIntegrationTests {

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
	DatabaseLink database;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Value("${spring.datasource.url}")
	String url;

	@AfterEach
	void databaseBack() {
		this.database.restore();
	}

	@Test
	void aJobWhoseDatabaseWentAwayResumesByItselfWhenItIsBackAndRepublishesEveryoneOnce() {
		List<String> region = niks("353101", 800);
		TestRegistrations.register(this.registry, this.json, region);
		UUID jobId = start(Map.of("regionPrefix", "3531", "reason", "outage drill"));
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> done(jobId) >= 100);
		assertThat(done(jobId)).as("still running when the database goes away").isLessThan(700);

		this.database.cut();
		// The worker lets the job go at the first batch that cannot reach the database,
		// and stays away while it is gone: every look for jobs fails.
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.worker.isWorkingOn(jobId));
		await().during(Duration.ofSeconds(4))
			.atMost(Duration.ofSeconds(10))
			.until(() -> !this.worker.isWorkingOn(jobId));
		this.database.restore();
		long restored = System.nanoTime();

		JsonNode finished = await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> progress(jobId), (job) -> !job.get("state").asText().equals("RUNNING"));
		System.out.printf("republish job completed %d ms after the database was back%n",
				Duration.ofNanos(System.nanoTime() - restored).toMillis());
		assertThat(finished.get("state").asText()).isEqualTo("COMPLETED");
		assertThat(finished.get("done").asLong()).isEqualTo(800);
		assertThat(finished.has("failure")).isFalse();
		// Every resident once: a batch the outage cut off rolled back with its cursor.
		assertThat(count("SELECT count(*) FROM resident WHERE nik LIKE '3531%' AND version = 2")).isEqualTo(800);
		// The outbox relay came back too and published everything, each resident once.
		List<NikChanged> resyncs = PublishedEvents.allOf(this.jdbc, this.broker, "3531")
			.stream()
			.filter((event) -> event.getChangeType() == ChangeType.RESYNC)
			.toList();
		assertThat(resyncs).hasSize(800);
		assertThat(resyncs.stream().map(NikChanged::getNik).distinct()).hasSize(800);
	}

	@Test
	void aJobWhoseInstanceDiedIsTakenOverAndOneHeldByALiveInstanceIsLeftAlone() {
		List<String> orphaned = niks("353201", 10);
		List<String> heldElsewhere = niks("353301", 5);
		TestRegistrations.register(this.registry, this.json, orphaned);
		TestRegistrations.register(this.registry, this.json, heldElsewhere);
		// As a kill -9 leaves it: four residents done, the claim of the dead instance
		// running out.
		UUID orphan = insertRunning("3532", 10, 4, orphaned.get(3), "registry-2/dead", "now() - interval '1 second'");
		UUID held = insertRunning("3533", 5, 0, null, "registry-3/alive", "now() + interval '1 hour'");

		JsonNode finished = await().atMost(Duration.ofSeconds(30))
			.until(() -> progress(orphan), (job) -> job.get("state").asText().equals("COMPLETED"));

		assertThat(finished.get("done").asLong()).isEqualTo(10);
		assertThat(this.jdbc.sql("SELECT version FROM resident WHERE nik LIKE '3532%' ORDER BY nik")
			.query(Long.class)
			.list()).containsExactly(1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 2L, 2L);
		JsonNode untouched = progress(held);
		assertThat(untouched.get("state").asText()).isEqualTo("RUNNING");
		assertThat(untouched.get("done").asLong()).isZero();
		assertThat(untouched.get("worker").asText()).isEqualTo("registry-3/alive");
		assertThat(count("SELECT count(*) FROM resident WHERE nik LIKE '3533%' AND version = 2")).isZero();
		this.jdbc.sql("UPDATE republish_job SET state = 'FAILED' WHERE id = ?").param(held).update();
	}

	@Test
	void aJobThatKeepsFailingIsMarkedFailedWithItsReasonAndASupervisorResumesIt() throws Exception {
		List<String> listed = niks("353401", 5);
		TestRegistrations.register(this.registry, this.json, listed);
		UUID jobId;
		// Not an outage: every batch of a NIK list is refused by the database.
		grant("REVOKE SELECT ON republish_job_nik FROM ");
		try {
			jobId = start(Map.of("niks", listed, "reason", "KTP reprint batch"));
			JsonNode failed = await().atMost(Duration.ofSeconds(30))
				.until(() -> progress(jobId), (job) -> job.get("state").asText().equals("FAILED"));
			assertThat(failed.get("failure").asText()).isEqualTo("BadSqlGrammarException in 2 attempts in a row");
			assertThat(failed.get("done").asLong()).isZero();
			assertThat(failed.has("worker")).isFalse();
		}
		finally {
			grant("GRANT SELECT ON republish_job_nik TO ");
		}

		assertThat(resume(jobId, TestAccounts.SUPERVISOR, " ").getBody().get("code").asText())
			.isEqualTo("REASON_REQUIRED");
		assertThat(resume(jobId, TestAccounts.SERVICE, "resume").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(progress(jobId).get("state").asText()).isEqualTo("FAILED");

		ResponseEntity<JsonNode> resumed = resume(jobId, TestAccounts.SUPERVISOR, "grant restored, ticket 4711");
		assertThat(resumed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(resumed.getHeaders().getLocation()).hasPath("/api/v1/republish/" + jobId);
		assertThat(resumed.getBody().get("state").asText()).isEqualTo("RUNNING");
		JsonNode finished = await().atMost(Duration.ofSeconds(30))
			.until(() -> progress(jobId), (job) -> job.get("state").asText().equals("COMPLETED"));
		assertThat(finished.get("done").asLong()).isEqualTo(5);
		assertThat(finished.has("failure")).isFalse();
		assertThat(this.jdbc.sql("""
				SELECT action || ' by ' || operator || ': ' || reason || ' (' || (details->>'failure') || ')'
				FROM registry_audit WHERE target = ? AND action = 'REPUBLISH_RESUMED'""")
			.param(jobId.toString())
			.query(String.class)
			.list())
			.containsExactly("REPUBLISH_RESUMED by test-supervisor: grant restored, ticket 4711"
					+ " (BadSqlGrammarException in 2 attempts in a row)");

		ResponseEntity<JsonNode> again = resume(jobId, TestAccounts.SUPERVISOR, "once more");
		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(again.getBody().get("code").asText()).isEqualTo("REPUBLISH_JOB_NOT_FAILED");
	}

	private UUID start(Map<String, Object> body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		ResponseEntity<JsonNode> started = this.http.withBasicAuth(TestAccounts.SUPERVISOR, TestAccounts.PASSWORD)
			.postForEntity("/api/v1/republish", new HttpEntity<>(body, headers), JsonNode.class);
		assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		return UUID.fromString(started.getBody().get("jobId").asText());
	}

	private ResponseEntity<JsonNode> resume(UUID jobId, String account, String reason) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return this.http.withBasicAuth(account, TestAccounts.PASSWORD)
			.postForEntity("/api/v1/republish/" + jobId + "/resume",
					new HttpEntity<>(Map.of("reason", reason), headers), JsonNode.class);
	}

	private JsonNode progress(UUID jobId) {
		ResponseEntity<JsonNode> response = this.http.getForEntity("/api/v1/republish/" + jobId, JsonNode.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	private UUID insertRunning(String prefix, long total, long done, String lastNik, String worker, String leaseUntil) {
		UUID id = UUID.randomUUID();
		Timestamp before = Timestamp.from(Instant.now().minusSeconds(60));
		this.jdbc
			.sql("INSERT INTO republish_job (id, kind, region_prefix, state, total, done, last_nik, requested_by,"
					+ " started_at, updated_at, worker, lease_until)"
					+ " VALUES (?, 'REGION', ?, 'RUNNING', ?, ?, ?, 'ops-ani', ?, ?, ?, " + leaseUntil + ")")
			.params(id, prefix, total, done, lastNik, before, before, worker)
			.update();
		return id;
	}

	private long done(UUID jobId) {
		return this.jdbc.sql("SELECT done FROM republish_job WHERE id = ?").param(jobId).query(Long.class).single();
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

	private void grant(String statement) throws Exception {
		try (Connection connection = EmbeddedPostgres.superuserConnection(this.url);
				Statement sql = connection.createStatement()) {
			sql.execute(statement + EmbeddedPostgres.APP.name());
		}
	}

}
