package id.niksync.sync.system;

import java.time.Duration;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import id.niksync.testsupport.DatabaseLink;
import id.niksync.testsupport.SeverableEmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * partner-sync's database goes away and callers get {@code 503 DATABASE_UNAVAILABLE} with
 * a {@code Retry-After}, as problem details, within seconds (the pool's connection
 * timeout, application.yml), never Hikari's default 30 s and never a 500, wherever the
 * outage is met: signing in (an API key lookup, an operator's account) or in the
 * controller. When the database is back the same calls succeed again, without a restart.
 *
 * <p>
 * The outage is a {@link DatabaseLink} cut between the service and its database: open
 * connections are reset and new ones refused, as when the database server stops. Stopping
 * the embedded server itself would take every other test's database with it.
 */
@SyncIntegrationTest
// A context of its own: closed when the class ends, not kept (with its broker,
// consumers and schedules running) until the whole suite ends.
@DirtiesContext
@ContextConfiguration(initializers = SeverableEmbeddedPostgres.class)
class DatabaseOutageIntegrationTests {

	private static final String LOOKUP = "/partner/v1/residents/3511014506900999";

	/** Well under Hikari's default 30 s; the measured times are printed. */
	private static final Duration QUICKLY = Duration.ofSeconds(15);

	@Autowired
	TestRestTemplate http;

	@Autowired
	DatabaseLink database;

	@AfterEach
	void databaseBack() {
		this.database.restore();
	}

	@Test
	void answers503WithRetryAfterWithinSecondsWhileTheDatabaseIsAwayAndRecoversWhenItIsBack() {
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 100);

		this.database.cut();

		assertUnavailable("partner lookup", () -> TestPartners.get(this.http, LOOKUP, bank.key(), "kyc"));
		assertUnavailable("list institutions",
				() -> TestOperators.asAdmin(this.http).getForEntity("/ops/institutions", JsonNode.class));

		this.database.restore();
		long restored = System.nanoTime();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> TestOperators.asAdmin(this.http).getForEntity("/ops/institutions", JsonNode.class),
					(answer) -> answer.getStatusCode() == HttpStatus.OK);
		System.out.printf("partner-sync answers again %d ms after the database is back%n",
				Duration.ofNanos(System.nanoTime() - restored).toMillis());
	}

	private void assertUnavailable(String call, Supplier<ResponseEntity<JsonNode>> request) {
		long started = System.nanoTime();
		ResponseEntity<JsonNode> response = request.get();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		System.out.printf("partner-sync, database away: %s answered %d in %d ms%n", call,
				response.getStatusCode().value(), took.toMillis());

		assertThat(response.getStatusCode()).as(call).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getContentType()).as(call).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).as(call).isEqualTo("5");
		assertThat(response.getBody().get("code").asText()).as(call).isEqualTo("DATABASE_UNAVAILABLE");
		assertThat(response.getBody().get("status").asInt()).as(call).isEqualTo(503);
		assertThat(took).as(call).isLessThan(QUICKLY);
	}

}
