package id.niksync.sync.partner;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestPartners;
import id.niksync.sync.TestPartners.Partner;
import id.niksync.sync.replica.ReplicaWriter;
import id.niksync.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lookup's answer leaves only after its audit row is committed (the row shares its
 * commit with concurrent lookups'): held back while the commit cannot happen, never sent
 * when the row cannot be written. So no answered lookup lacks its row, even if the
 * process dies between the commit and the answer.
 */
@SyncIntegrationTest
class LookupAuditIntegrationTests {

	private static final String NIK = "3511014506900901";

	@Autowired
	TestRestTemplate http;

	@Autowired
	ReplicaWriter replica;

	@Autowired
	JdbcClient jdbc;

	@Value("${spring.datasource.url}")
	String url;

	@Test
	void aLookupIsNotAnsweredWhileItsAuditRowCannotCommit() throws Exception {
		this.replica.apply(List.of(TestPartners.resident(NIK, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 100);
		String purpose = "held-audit " + UUID.randomUUID();
		CompletableFuture<ResponseEntity<JsonNode>> answer;
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url); Statement sql = owner.createStatement()) {
			owner.setAutoCommit(false);
			// inserts wait for this lock until the transaction ends
			sql.execute("LOCK TABLE partner_audit IN SHARE MODE");
			answer = CompletableFuture
				.supplyAsync(() -> TestPartners.get(this.http, "/partner/v1/residents/" + NIK, bank.key(), purpose));

			Thread.sleep(1500);
			assertThat(answer).as("answered before its audit row was committed").isNotDone();
			assertThat(TestPartners.auditedOutcomes(this.jdbc, purpose)).isEmpty();
			owner.rollback();
		}

		assertThat(answer.get(30, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(TestPartners.auditedOutcomes(this.jdbc, purpose)).containsExactly("OK");
	}

	@Test
	void aLookupWhoseAuditRowCannotBeWrittenAnswersNoData() throws Exception {
		this.replica.apply(List.of(TestPartners.resident(NIK, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 100);
		String purpose = "refused-audit " + UUID.randomUUID();
		ResponseEntity<JsonNode> answer;
		ResponseEntity<JsonNode> notOnReplica;
		ResponseEntity<JsonNode> behind;
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url); Statement sql = owner.createStatement()) {
			sql.execute("""
					CREATE FUNCTION refuse_audit_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
					BEGIN
					    IF NEW.purpose LIKE 'refused-audit %' THEN
					        RAISE EXCEPTION 'refused by the test';
					    END IF;
					    RETURN NEW;
					END $$""");
			sql.execute("""
					CREATE TRIGGER refuse_audit_for_test BEFORE INSERT ON partner_audit
					    FOR EACH ROW EXECUTE FUNCTION refuse_audit_for_test()""");
			try {
				answer = TestPartners.get(this.http, "/partner/v1/residents/" + NIK, bank.key(), purpose);
				// what the replica does not hold is an answer about a NIK too
				notOnReplica = TestPartners.get(this.http, "/partner/v1/residents/3511014506900998", bank.key(),
						purpose);
				behind = TestPartners.get(this.http, "/partner/v1/residents/" + NIK + "?minVersion=9", bank.key(),
						purpose);
			}
			finally {
				sql.execute("DROP TRIGGER refuse_audit_for_test ON partner_audit");
				sql.execute("DROP FUNCTION refuse_audit_for_test()");
			}
		}

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.getBody().path("code").asText()).isEqualTo("DATABASE_UNAVAILABLE");
		assertThat(answer.getBody().toString()).doesNotContain("Siti Aminah", "fullName");
		for (ResponseEntity<JsonNode> refused : List.of(notOnReplica, behind)) {
			assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody()))
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(refused.getBody().path("code").asText()).isEqualTo("DATABASE_UNAVAILABLE");
			assertThat(refused.getBody().toString()).doesNotContain("NOT_ON_REPLICA", "replicaVersion");
		}
		assertThat(TestPartners.auditedOutcomes(this.jdbc, purpose)).isEmpty();
		// the next lookup is audited and answered again
		assertThat(TestPartners.get(this.http, "/partner/v1/residents/" + NIK, bank.key(), "after " + purpose)
			.getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void concurrentLookupsAreEachAnsweredAndAuditedOnce() throws Exception {
		this.replica.apply(List.of(TestPartners.resident(NIK, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 1000);
		String purpose = "concurrent " + UUID.randomUUID();

		List<CompletableFuture<ResponseEntity<JsonNode>>> answers = java.util.stream.IntStream.range(0, 40)
			.mapToObj((i) -> CompletableFuture
				.supplyAsync(() -> TestPartners.get(this.http, "/partner/v1/residents/" + NIK, bank.key(), purpose)))
			.toList();

		// Forty at once may be more than one institution's requests in progress or the
		// replica's reads allow (a cold JVM on a slow machine): those are answered 429 or
		// 503 by design. Whatever each got, it has exactly one audit row saying so.
		List<String> answered = new ArrayList<>();
		for (CompletableFuture<ResponseEntity<JsonNode>> answer : answers) {
			ResponseEntity<JsonNode> got = answer.get(30, TimeUnit.SECONDS);
			if (got.getStatusCode() == HttpStatus.OK) {
				answered.add("OK");
			}
			else {
				assertThat(got.getBody().path("code").asText()).as(got.getStatusCode().toString())
					.isIn("TOO_MANY_IN_FLIGHT", "LOOKUPS_BUSY");
				answered.add(got.getBody().path("code").asText());
			}
		}
		assertThat(answered).contains("OK");
		assertThat(TestPartners.auditedOutcomes(this.jdbc, purpose)).containsExactlyInAnyOrderElementsOf(answered);
	}

}
