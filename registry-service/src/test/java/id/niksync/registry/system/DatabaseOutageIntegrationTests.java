package id.niksync.registry.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.registry.TestAccounts;
import id.niksync.testsupport.DatabaseLink;
import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.testsupport.Residents;
import id.niksync.testsupport.SeverableEmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The registry's database goes away and callers get {@code 503 DATABASE_UNAVAILABLE} with
 * a {@code Retry-After}, as problem details, within the pool's connection timeout
 * (application.yml, 3 s), not Hikari's default 30 s and never a 500. Sign-in reads the
 * account, so during an outage that is where every signed-in call stops, a wrong password
 * included: it could not be checked, so it is no 401. When the database is back the same
 * calls succeed again, without a restart.
 *
 * <p>
 * The outage is a {@link DatabaseLink} cut between the service and its database: the
 * service's open connections are reset and new ones refused, as when the database server
 * stops. Stopping the embedded server itself would take every other test's database with
 * it, and {@code ALLOW_CONNECTIONS false} refuses with a server message rather than at
 * the socket.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
@ContextConfiguration(initializers = SeverableEmbeddedPostgres.class)
class DatabaseOutageIntegrationTests {

	private static final String NIK = "3511094506900951";

	/** Well under Hikari's default 30 s; the measured times are printed. */
	private static final Duration QUICKLY = Duration.ofSeconds(15);

	@Autowired
	TestRestTemplate http;

	@Autowired
	ObjectMapper json;

	@Autowired
	DatabaseLink database;

	@Value("${spring.datasource.url}")
	String url;

	@AfterEach
	void databaseBack() {
		this.database.restore();
	}

	@Test
	void answers503WithRetryAfterWithinSecondsWhileTheDatabaseIsAwayAndRecoversWhenItIsBack() throws Exception {
		assertThat(this.http.postForEntity("/api/v1/residents", Residents.siti(NIK).toMap(), JsonNode.class)
			.getStatusCode()
			.is2xxSuccessful()).isTrue();

		this.database.cut();

		// One after another: the first meets a connection the cut reset and fails at
		// once, the next ones wait for a new connection (the pool's connection timeout).
		assertUnavailable("GET a resident", "DATABASE_UNAVAILABLE",
				() -> this.http.getForEntity("/api/v1/residents/" + NIK, String.class));
		assertUnavailable("POST a resident", "DATABASE_UNAVAILABLE", () -> this.http.postForEntity("/api/v1/residents",
				Residents.siti("3511094506900952").toMap(), String.class));
		assertUnavailable("GET the outbox", "DATABASE_UNAVAILABLE",
				() -> this.http.withBasicAuth(TestAccounts.SUPERVISOR, TestAccounts.PASSWORD)
					.getForEntity("/ops/outbox", String.class));
		assertUnavailable("sign in with a wrong password", "DATABASE_UNAVAILABLE",
				() -> this.http.withBasicAuth(TestAccounts.REGISTRAR, "not-the-password")
					.getForEntity("/api/v1/residents/" + NIK, String.class));

		this.database.restore();
		long restored = System.nanoTime();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.http.getForEntity("/api/v1/residents/" + NIK, String.class).getStatusCode(),
					(status) -> status == HttpStatus.OK);
		System.out.printf("registry answers again %d ms after the database is back%n",
				Duration.ofNanos(System.nanoTime() - restored).toMillis());
	}

	/**
	 * A table locked by other work (an {@code ALTER TABLE}, a {@code VACUUM FULL}) is no
	 * outage, but a request that needs it waits at most the pool's {@code lock_timeout}
	 * (5 s) and is answered {@code 503 DATABASE_BUSY}, not held for as long as the lock
	 * lasts (here: longer than the test allows).
	 */
	@Test
	void aLockedResidentTableAnswers503DatabaseBusyAfterTheLockTimeoutNotWhenTheLockEnds() throws Exception {
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url)) {
			owner.setAutoCommit(false);
			try (Statement sql = owner.createStatement()) {
				sql.execute("LOCK TABLE resident IN ACCESS EXCLUSIVE MODE");
			}
			Map<String, Supplier<ResponseEntity<String>>> calls = new LinkedHashMap<>();
			calls.put("GET a resident, its table locked",
					() -> this.http.getForEntity("/api/v1/residents/" + NIK, String.class));
			calls.put("POST a resident, its table locked", () -> this.http.postForEntity("/api/v1/residents",
					Residents.siti("3511094506900953").toMap(), String.class));
			assertTimeoutPreemptively(QUICKLY, () -> allUnavailable("DATABASE_BUSY", calls));
			owner.rollback();
		}
		assertThat(
				this.http.postForEntity("/api/v1/residents", Residents.siti("3511094506900953").toMap(), JsonNode.class)
					.getStatusCode()
					.is2xxSuccessful())
			.isTrue();
	}

	/**
	 * More requests behind one locked table than the pool has connections: requests hold
	 * at most their share (pool 20, 6 reserved), so each is answered DATABASE_BUSY (none
	 * DATABASE_UNAVAILABLE for a pool they emptied) and the health probe, which is no
	 * request of theirs, still finds a connection. Before the share, 20 requests took the
	 * pool and the other 10 and the health probe timed out waiting for a connection.
	 */
	@Test
	void manyRequestsBehindALockedTableAreAllBusyAndLeaveHealthAConnection() throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest get = HttpRequest.newBuilder(URI.create(this.http.getRootUri() + "/api/v1/residents/" + NIK))
			.header(HttpHeaders.AUTHORIZATION,
					"Basic " + Base64.getEncoder()
						.encodeToString((TestAccounts.REGISTRAR + ":" + TestAccounts.PASSWORD)
							.getBytes(StandardCharsets.UTF_8)))
			.build();
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url)) {
			owner.setAutoCommit(false);
			try (Statement sql = owner.createStatement()) {
				sql.execute("LOCK TABLE resident IN ACCESS EXCLUSIVE MODE");
			}
			List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				answers.add(client.sendAsync(get, HttpResponse.BodyHandlers.ofString()));
			}
			// the requests have taken what they may of the pool
			Thread.sleep(1000);
			ResponseEntity<JsonNode> health = TestAccounts.anonymous(this.http)
				.getForEntity("/actuator/health", JsonNode.class);
			assertThat(health.getStatusCode()).as(String.valueOf(health.getBody())).isEqualTo(HttpStatus.OK);
			CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
				.get(QUICKLY.toSeconds(), TimeUnit.SECONDS);
			for (CompletableFuture<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.join();
				assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
				assertThat(this.json.readTree(response.body()).at("/code").asText()).as(response.body())
					.isEqualTo("DATABASE_BUSY");
			}
			owner.rollback();
		}
	}

	/**
	 * The calls side by side, each {@link #assertUnavailable answered 503} with
	 * {@code code}: each waits out the same lock timeout, so one after another they took
	 * the sum of their waits.
	 */
	private void allUnavailable(String code, Map<String, Supplier<ResponseEntity<String>>> calls) throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(calls.size());
		try {
			List<Future<?>> answered = new ArrayList<>();
			calls.forEach((call, request) -> answered.add(callers.submit(() -> {
				assertUnavailable(call, code, request);
				return null;
			})));
			for (Future<?> answer : answered) {
				try {
					answer.get();
				}
				catch (ExecutionException ex) {
					// the assertion's own message
					if (ex.getCause() instanceof AssertionError failed) {
						throw failed;
					}
					throw ex;
				}
			}
		}
		finally {
			callers.shutdownNow();
		}
	}

	private void assertUnavailable(String call, String code, Supplier<ResponseEntity<String>> request)
			throws Exception {
		long started = System.nanoTime();
		ResponseEntity<String> response = request.get();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		System.out.printf("registry, database away: %s answered %d in %d ms%n", call, response.getStatusCode().value(),
				took.toMillis());

		assertThat(response.getStatusCode()).as(call).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getContentType()).as(call).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).as(call).isEqualTo("5");
		JsonNode problem = this.json.readTree(response.getBody());
		assertThat(problem.get("code").asText()).as(call).isEqualTo(code);
		assertThat(problem.get("status").asInt()).as(call).isEqualTo(503);
		assertThat(took).as(call).isLessThan(QUICKLY);
	}

}
