package id.niksync.sync.ops;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The consumer, the breaker and the record counts are visible where operators look. */
@SyncIntegrationTest
@AutoConfigureObservability
@TestPropertySource(properties = "niksync.registry.base-url=http://127.0.0.1:9")
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
			.containsExactly("applied", "stale", "deadLettered", "retries");
		assertThat(status.at("/recordsSinceStart")).allSatisfy((count) -> assertThat(count.isDouble()).isTrue());
		assertThat(status.at("/deadLetters/total").asLong()).isZero();
	}

	@Test
	void reportsVerdictLagFreshnessOutboxAndSamples() {
		JsonNode status = await().atMost(Duration.ofSeconds(20))
			.until(() -> TestOperators.asOperator(this.http).getForObject("/ops/sync-status", JsonNode.class),
					(s) -> s.at("/samples").size() > 0);

		assertThat(status.at("/verdict/status").asText()).isEqualTo("OK");
		assertThat(status.at("/verdict/reason").asText()).isNotBlank();
		// every partition of nik-changes and of the replay topic (3 each here)
		assertThat(status.at("/partitions")).hasSize(6);
		assertThat(status.at("/partitions/0").fieldNames()).toIterable()
			.contains("topic", "partition", "endOffset", "offsetLag", "timeLagSeconds");
		assertThat(status.at("/partitions").findValuesAsText("topic")).containsOnly("nik-changes",
				"nik-changes-replays");
		assertThat(status.at("/totals/offsetLag").isNumber()).isTrue();
		assertThat(status.at("/totals/maxTimeLagSeconds").isNumber()).isTrue();
		assertThat(status.at("/freshness").fieldNames()).toIterable()
			.containsExactly("p50Seconds", "p95Seconds", "p99Seconds", "maxSeconds", "count");
		// no registry in this test: reported, not thrown
		assertThat(status.at("/outbox/registryReachable").asBoolean()).isFalse();
		assertThat(status.at("/samples/0").fieldNames()).toIterable()
			.containsExactly("at", "offsetLag", "maxTimeLagSeconds", "applied", "freshnessP99Seconds", "verdict");
	}

	@Test
	void exposesTheBreakerInHealthAndEverythingInPrometheus() {
		JsonNode health = TestOperators.asOperator(this.http).getForObject("/actuator/health", JsonNode.class);
		assertThat(health.at("/components/circuitBreakers/details/replica/details/state").asText()).isEqualTo("CLOSED");

		String prometheus = TestOperators.asOperator(this.http).getForObject("/actuator/prometheus", String.class);
		assertThat(prometheus).contains("resilience4j_circuitbreaker_state{", "niksync_ingest_paused",
				"niksync_ingest_retries_total", "niksync_ingest_events_total{");
		assertThat(prometheus).contains("niksync_sync_verdict", "niksync_registry_outbox_pending",
				"niksync_registry_outbox_oldest_age_seconds", "niksync_registry_reachable",
				"niksync_replica_freshness_seconds_bucket", "niksync_replica_freshness_seconds_count");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(
					TestOperators.asOperator(this.http).getForObject("/actuator/prometheus", String.class))
				.contains("niksync_lag_offsets{", "partition=\"0\"", "niksync_lag_seconds{"));
	}

}
