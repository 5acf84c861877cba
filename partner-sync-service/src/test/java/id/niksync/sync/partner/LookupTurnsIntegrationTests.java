package id.niksync.sync.partner;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At most {@code niksync.partner.lookup.concurrency} lookups read the replica at once;
 * one more, while they hang on a lock, waits the turn wait and then reads without a turn:
 * it is neither refused nor left waiting behind the hung reads for a turn, and every
 * lookup is answered and audited once the lock goes.
 */
@SyncIntegrationTest
class LookupTurnsIntegrationTests {

	private static final String NIK = "3511014506900902";

	@Autowired
	TestRestTemplate http;

	@Autowired
	ReplicaWriter replica;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ResidentLookup lookups;

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
			assertThat(this.lookups.freeTurns()).isZero();

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
		assertThat(this.lookups.freeTurns()).as("every turn given back").isEqualTo(turns);
	}

	private ResponseEntity<JsonNode> lookup(Partner partner, String purpose) {
		return TestPartners.get(this.http, "/partner/v1/residents/" + NIK, partner.key(), purpose);
	}

	private double turnTimeouts() {
		return this.meters.counter("niksync.partner.lookup.turn.timeouts").count();
	}

	private int readsWaitingForTheLock() {
		return this.jdbc.sql("""
				SELECT count(*) FROM pg_stat_activity
				WHERE datname = current_database() AND wait_event_type = 'Lock'
				    AND query LIKE '%FROM replica_resident WHERE nik = %'""").query(Integer.class).single();
	}

}
