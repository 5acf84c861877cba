package id.niksync.sync.partner;

import java.util.ArrayList;
import java.util.List;

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

import static org.assertj.core.api.Assertions.assertThat;

/** Each institution has its own limit: one over it gets 429, the others carry on. */
@SyncIntegrationTest
class RateLimitIntegrationTests {

	private static final String NIK = "3511014506900901";

	@Autowired
	TestRestTemplate http;

	@Autowired
	ReplicaWriter replica;

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

	private ResponseEntity<JsonNode> lookup(Partner partner) {
		return TestPartners.get(this.http, "/partner/v1/residents/" + NIK, partner.key(), "kyc");
	}

}
