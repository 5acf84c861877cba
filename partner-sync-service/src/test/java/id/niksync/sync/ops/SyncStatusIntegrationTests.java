package id.niksync.sync.ops;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumer, the breaker and the record counts are visible where operators look. */
@SyncIntegrationTest
@AutoConfigureObservability
class SyncStatusIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Test
	void reportsConsumerBreakerAndCountsAsJson() {
		JsonNode status = TestOperators.asOperator(this.http).getForObject("/ops/sync-status", JsonNode.class);

		assertThat(status.at("/consumer/listenerId").asText()).isEqualTo("nik-changes-ingest");
		assertThat(status.at("/consumer/running").asBoolean()).isTrue();
		assertThat(status.at("/consumer/paused").asBoolean()).isFalse();
		assertThat(status.at("/consumer/circuit").asText()).isEqualTo("CLOSED");
		assertThat(status.at("/recordsSinceStart").fieldNames()).toIterable()
			.contains("applied", "stale", "deadLettered", "retries");
		assertThat(status.at("/deadLetters/total").asLong()).isZero();
	}

	@Test
	void exposesTheBreakerInHealthAndEverythingInPrometheus() {
		JsonNode health = this.http.getForObject("/actuator/health", JsonNode.class);
		assertThat(health.at("/components/circuitBreakers/details/replica/details/state").asText()).isEqualTo("CLOSED");

		String prometheus = this.http.getForObject("/actuator/prometheus", String.class);
		assertThat(prometheus).contains("resilience4j_circuitbreaker_state{", "niksync_ingest_paused",
				"niksync_ingest_retries_total", "niksync_ingest_events_total{");
	}

}
