package id.niksync.sync.partner;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import id.niksync.sync.TestPartners.Partner;
import id.niksync.sync.replica.ReplicaWriter;
import id.niksync.testsupport.EmbeddedPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At most {@code niksync.partner.lookup.concurrency} lookups read the replica in turn;
 * one more, while they hang on a lock, waits the turn wait and then reads without a turn:
 * it is neither refused nor left waiting behind the hung reads for a turn, and every
 * lookup is answered and audited once the lock goes. Reads stuck behind a lock, of
 * lookups and verifications alike, take at most {@code max-reads} connections (a lookup
 * beyond them is refused {@code 503 LOOKUPS_BUSY}, the operators' routes still answer)
 * and end at the read timeout ({@code 503 LOOKUP_TIMED_OUT}), each audited. The read
 * timeout is longer here than by default, so that a slow machine sets up each test well
 * within it.
 */
@SyncIntegrationTest
// A context of its own: closed when the class ends, not kept (with its broker,
// consumers and schedules running) until the whole suite ends.
@DirtiesContext
@TestPropertySource(
		properties = { "niksync.partner.lookup.read-timeout=" + LookupTurnsIntegrationTests.READ_TIMEOUT_SECONDS + "s",
				// the reads wait for the lock until their read timeout, not the pool's
				// lock_timeout
				"spring.datasource.hikari.connection-init-sql=SET lock_timeout = '60s'" })
class LookupTurnsIntegrationTests {

	static final int READ_TIMEOUT_SECONDS = 6;

	private static final String NIK = "3511014506900902";

	@Autowired
	TestRestTemplate http;

	@Autowired
	ReplicaWriter replica;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ReplicaReads reads;

	@Autowired
	PartnerProperties properties;

	@Autowired
	MeterRegistry meters;

	@Value("${spring.datasource.url}")
	String url;

	@Test
	void aLookupBeyondTheTurnsReadsWithoutOneAfterTheTurnWait() throws Exception {
		this.replica.apply(List.of(TestPartners.resident(NIK, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 1000);
		String purpose = "turns " + UUID.randomUUID();
		int turns = this.properties.lookup().concurrency();
		double timeoutsBefore = turnTimeouts();
		ExecutorService clients = Executors.newFixedThreadPool(turns + 1);
		List<Future<ResponseEntity<JsonNode>>> answers = new ArrayList<>();
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url); Statement sql = owner.createStatement()) {
			owner.setAutoCommit(false);
			// every read of the replica waits for this lock until the transaction ends
			sql.execute("LOCK TABLE replica_resident IN ACCESS EXCLUSIVE MODE");
			for (int i = 0; i < turns; i++) {
				answers.add(clients.submit(() -> lookup(bank, purpose)));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> readsWaitingForTheLock() == turns);
			assertThat(this.reads.freeTurns()).isZero();

			answers.add(clients.submit(() -> lookup(bank, purpose)));
			await().atMost(Duration.ofSeconds(10)).until(() -> readsWaitingForTheLock() == turns + 1);
			assertThat(turnTimeouts() - timeoutsBefore).isEqualTo(1);
			assertThat(answers).noneMatch(Future::isDone);
			owner.rollback();
		}
		finally {
			clients.shutdown();
		}

		for (Future<ResponseEntity<JsonNode>> answer : answers) {
			assertThat(answer.get(30, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.OK);
		}
		assertThat(TestPartners.auditedOutcomes(this.jdbc, purpose)).hasSize(turns + 1).containsOnly("OK");
		assertThat(this.reads.freeTurns()).as("every turn given back").isEqualTo(turns);
	}

	@Test
	void readsStuckBehindALockHoldAtMostMaxReadsConnectionsUntilTheReadTimeout() throws Exception {
		String nik = "3511014506900904";
		this.replica.apply(List.of(TestPartners.resident(nik, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 1000);
		String purpose = "stuck " + UUID.randomUUID();
		int maxReads = this.properties.lookup().maxReads();
		int turns = this.properties.lookup().concurrency();
		ExecutorService clients = Executors.newFixedThreadPool(maxReads);
		List<Future<ResponseEntity<JsonNode>>> stuck = new ArrayList<>();
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url); Statement sql = owner.createStatement()) {
			owner.setAutoCommit(false);
			sql.execute("LOCK TABLE replica_resident IN ACCESS EXCLUSIVE MODE");
			long locked = System.nanoTime();
			// lookups and verifications alike
			for (int i = 0; i < maxReads; i++) {
				stuck.add(clients
					.submit((i % 2 == 0) ? () -> lookup(bank, nik, purpose) : () -> verify(bank, nik, purpose)));
			}
			await().atMost(Duration.ofSeconds(READ_TIMEOUT_SECONDS - 1))
				.until(() -> readsWaitingForTheLock() == maxReads);

			ResponseEntity<JsonNode> refused = verify(bank, nik, purpose);
			assertThat(Duration.ofNanos(System.nanoTime() - locked))
				.as("set up within the read timeout, or the stuck reads ended before the refusal")
				.isLessThan(Duration.ofSeconds(READ_TIMEOUT_SECONDS));
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(refused.getBody().path("code").asText()).isEqualTo("LOOKUPS_BUSY");
			assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("1");
			assertThat(readsWaitingForTheLock()).as("no read beyond max-reads").isEqualTo(maxReads);
			// the pool kept connections for everything else
			assertThat(TestOperators.asOperator(this.http)
				.getForEntity("/ops/dead-letters", JsonNode.class)
				.getStatusCode()).isEqualTo(HttpStatus.OK);

			// the lock outlives the read timeout: every stuck read is cancelled
			for (Future<ResponseEntity<JsonNode>> answer : stuck) {
				ResponseEntity<JsonNode> timedOut = answer.get(30, TimeUnit.SECONDS);
				assertThat(timedOut.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(timedOut.getBody().path("code").asText()).isEqualTo("LOOKUP_TIMED_OUT");
			}
			assertThat(readsWaitingForTheLock()).isZero();
			owner.rollback();
		}
		finally {
			clients.shutdown();
		}

		assertThat(TestPartners.auditedOutcomes(this.jdbc, purpose)).hasSize(maxReads + 1)
			.containsOnly("LOOKUPS_BUSY", "LOOKUP_TIMED_OUT")
			.containsOnlyOnce("LOOKUPS_BUSY");
		assertThat(this.jdbc.sql("SELECT count(*) FROM partner_audit WHERE purpose = ? AND nik = ?")
			.params(purpose, nik)
			.query(Integer.class)
			.single()).as("every row names the NIK asked about, verifications' too").isEqualTo(maxReads + 1);
		assertThat(lookup(bank, nik, purpose).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.reads.freeTurns()).isEqualTo(turns);
		assertThat(this.reads.freeExtraReads()).isEqualTo(maxReads - turns);
	}

	private ResponseEntity<JsonNode> lookup(Partner partner, String purpose) {
		return lookup(partner, NIK, purpose);
	}

	private ResponseEntity<JsonNode> verify(Partner partner, String nik, String purpose) {
		return TestPartners.post(this.http, "/partner/v1/verifications", Map.of("nik", nik, "fullName", "Siti"),
				partner.key(), purpose);
	}

	private ResponseEntity<JsonNode> lookup(Partner partner, String nik, String purpose) {
		return TestPartners.get(this.http, "/partner/v1/residents/" + nik, partner.key(), purpose);
	}

	private double turnTimeouts() {
		return this.meters.counter("niksync.partner.lookup.turn.timeouts").count();
	}

	private int readsWaitingForTheLock() {
		return this.jdbc.sql("""
				SELECT count(*) FROM pg_stat_activity
				WHERE datname = current_database() AND wait_event_type = 'Lock'
				    AND query LIKE '%FROM replica_resident WHERE nik =%'""").query(Integer.class).single();
	}

}
