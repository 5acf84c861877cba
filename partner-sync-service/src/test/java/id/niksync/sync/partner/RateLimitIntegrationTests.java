package id.niksync.sync.partner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestPartners;
import id.niksync.sync.TestPartners.Partner;
import id.niksync.sync.replica.ReplicaWriter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each institution has its own limit: one over it gets 429, the others carry on. A batch
 * verification costs one request per entry.
 */
@SyncIntegrationTest
class RateLimitIntegrationTests {

	private static final String NIK = "3511014506900901";

	private static final String BATCH = "/partner/v1/verifications/batch";

	@Autowired
	TestRestTemplate http;

	@Autowired
	ReplicaWriter replica;

	@Autowired
	JdbcClient jdbc;

	@Test
	void refusesRequestsOverTheLimitWithRetryAfterWhileOthersAreUnaffected() {
		this.replica.apply(List.of(TestPartners.resident(NIK, 1, "ACTIVE")));
		Partner slow = TestPartners.register(this.http, "BANK", 1);
		Partner busy = TestPartners.register(this.http, "BANK", 1000);

		List<ResponseEntity<JsonNode>> slowAnswers = new ArrayList<>();
		List<ResponseEntity<JsonNode>> busyAnswers = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			slowAnswers.add(lookup(slow));
			busyAnswers.add(lookup(busy));
		}

		List<ResponseEntity<JsonNode>> refused = slowAnswers.stream()
			.filter((answer) -> answer.getStatusCode() == HttpStatus.TOO_MANY_REQUESTS)
			.toList();
		assertThat(refused).isNotEmpty().allSatisfy((answer) -> {
			assertThat(answer.getBody().get("code").asText()).isEqualTo("RATE_LIMITED");
			assertThat(Integer.parseInt(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isPositive();
		});
		assertThat(busyAnswers).extracting(ResponseEntity::getStatusCode).containsOnly(HttpStatus.OK);
	}

	@Test
	void aBatchCostsItsNumberOfEntriesAndIsRefusedWholeWhenTheyAreNotAvailable() {
		this.replica.apply(List.of(TestPartners.resident(NIK, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 5);
		String purpose = "batch cost " + UUID.randomUUID();
		List<Map<String, Object>> five = Collections.nCopies(5, Map.of("nik", NIK, "fullName", "Siti Aminah"));

		List<ResponseEntity<JsonNode>> answers = new ArrayList<>();
		long started = System.nanoTime();
		while (answers.size() < 20) {
			answers.add(TestPartners.post(this.http, BATCH, Map.of("items", five), bank.key(), purpose));
		}
		long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;
		ResponseEntity<JsonNode> six = TestPartners.post(this.http, BATCH,
				Map.of("items", Collections.nCopies(6, Map.of("nik", NIK, "fullName", "Siti Aminah"))),
				TestPartners.register(this.http, "BANK", 5).key(), purpose);

		long answered = answers.stream().filter((answer) -> answer.getStatusCode() == HttpStatus.OK).count();
		// At 5 per second a batch of 5 passes at most once in each one-second period
		// the loop spans (at most seconds + 1 of them); counted as one request, 5 per
		// period would pass.
		assertThat(answered).isBetween(1L, seconds + 1);
		assertThat(answers).filteredOn((answer) -> answer.getStatusCode() != HttpStatus.OK)
			.isNotEmpty()
			.allSatisfy((answer) -> {
				assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
				assertThat(answer.getBody().get("code").asText()).isEqualTo("RATE_LIMITED");
				assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
			});
		assertThat(this.jdbc.sql("SELECT count(*) FROM partner_audit WHERE purpose = ? AND outcome = 'VERIFIED'")
			.param(purpose)
			.query(Long.class)
			.single()).as("a refused batch reads nothing").isEqualTo(5 * answered);
		assertThat(six.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(six.getBody().get("code").asText()).isEqualTo("BATCH_SIZE");
		assertThat(six.getBody().get("detail").asText()).as("a batch no period could ever admit")
			.contains("1 to 5 items");
	}

	private ResponseEntity<JsonNode> lookup(Partner partner) {
		return TestPartners.get(this.http, "/partner/v1/residents/" + NIK, partner.key(), "kyc");
	}

}
