package id.niksync.sync.access;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestPartners;
import id.niksync.sync.TestPartners.Partner;
import id.niksync.sync.replica.ReplicaWriter;
import id.niksync.testsupport.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood without a valid key from one address is answered 429 once its burst is spent,
 * and leaves no audit row beyond that burst; partners with a valid key from the same
 * address carry on.
 */
@SyncIntegrationTest
// A context of its own: closed when the class ends, not kept (with its broker,
// consumers and schedules running) until the whole suite ends.
@DirtiesContext
@TestPropertySource(properties = { "niksync.access.unauthenticated-limit.requests-per-second=1",
		"niksync.access.unauthenticated-limit.burst=5" })
class UnauthenticatedRateLimitIntegrationTests {

	private static final String LOOKUP = "/partner/v1/residents/3511014506900701";

	@Autowired
	TestRestTemplate http;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ReplicaWriter replica;

	@Test
	void limitsRequestsWithoutAValidKeyPerAddressBeforeAnythingIsWritten() {
		this.replica.apply(List.of(TestPartners.resident("3511014506900701", 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 1000);
		String purpose = "flood " + UUID.randomUUID();
		String revoked = "nsk_000000000000_" + "A".repeat(43);

		List<ResponseEntity<JsonNode>> answers = new ArrayList<>();
		long floodStarted = System.nanoTime();
		for (int i = 0; i < 30; i++) {
			answers.add(TestPartners.get(this.http, LOOKUP, (i % 2 == 0) ? null : revoked, purpose));
		}
		ResponseEntity<JsonNode> partner = TestPartners.get(this.http, LOOKUP, bank.key(), purpose);
		for (int i = 0; i < 10; i++) {
			answers.add(TestPartners.get(this.http, LOOKUP, revoked, purpose));
		}

		List<ResponseEntity<JsonNode>> limited = answers.stream()
			.filter((answer) -> answer.getStatusCode() == HttpStatus.TOO_MANY_REQUESTS)
			.toList();
		long unauthenticated = answers.stream()
			.filter((answer) -> answer.getStatusCode() == HttpStatus.UNAUTHORIZED)
			.count();
		assertThat(limited).hasSizeGreaterThanOrEqualTo(Math.toIntExact(answers.size() - throughAtMost(floodStarted)))
			.allSatisfy((answer) -> {
				assertThat(answer.getBody().get("code").asText()).isEqualTo("RATE_LIMITED");
				assertThat(Integer.parseInt(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isPositive();
			});
		assertThat(unauthenticated).isEqualTo(answers.size() - limited.size());
		assertThat(partner.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(rows(purpose)).as("one row per 401 and the partner's lookup, none per 429")
			.isEqualTo(unauthenticated + 1);
	}

	/**
	 * The firewall refuses these before any key is checked, and each refusal is audited:
	 * without the limit, anyone could add partner audit rows as fast as they send.
	 */
	@Test
	void limitsPartnerRequestsTheFirewallRefusesPerAddressKeyOrNot() {
		this.replica.apply(List.of(TestPartners.resident("3511014506900701", 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 1000);
		String purpose = "refused flood " + UUID.randomUUID();

		List<ResponseEntity<JsonNode>> answers = new ArrayList<>();
		long floodStarted = System.nanoTime();
		for (int i = 0; i < 30; i++) {
			answers.add(TestPartners.get(this.http, LOOKUP + ";a=b", (i % 2 == 0) ? null : bank.key(), purpose));
		}
		long throughAtMost = throughAtMost(floodStarted);
		ResponseEntity<JsonNode> partner = TestPartners.get(this.http, LOOKUP, bank.key(), purpose);

		long refused = answers.stream().filter((answer) -> answer.getStatusCode() == HttpStatus.BAD_REQUEST).count();
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.getBody().get("code").asText())
			.isEqualTo((answer.getStatusCode() == HttpStatus.BAD_REQUEST) ? "REQUEST_REJECTED" : "RATE_LIMITED"));
		assertThat(refused).as("refused 400, not 429").isLessThanOrEqualTo(throughAtMost);
		assertThat(partner.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(rows(purpose)).as("one row per 400 and the partner's lookup, none per 429").isEqualTo(refused + 1);
	}

	/**
	 * A header value is refused once the key is known: the institution's limit counts it
	 * (here 1,000/s), not its address's.
	 */
	@Test
	void aValidKeysHeaderRefusalsAreNotHeldBackByTheLimitPerAddress() throws Exception {
		Partner bank = TestPartners.register(this.http, "BANK", 1000);

		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			statuses.add(
					RawHttp.send(this.port, "GET", LOOKUP, "Authorization: ApiKey " + bank.key(), "X-Purpose: a\u0085b")
						.status());
		}

		assertThat(statuses).containsOnly(400);
	}

	/**
	 * The most requests from one address the limit (burst 5, 1/s) lets through since
	 * {@code started}: the burst, and one per second begun (a slow machine's refill).
	 */
	private static long throughAtMost(long started) {
		return 5 + (long) Math.ceil((System.nanoTime() - started) / 1e9);
	}

	private long rows(String purpose) {
		return this.jdbc.sql("SELECT count(*) FROM partner_audit WHERE purpose = ?")
			.param(purpose)
			.query(Long.class)
			.single();
	}

}
