package id.niksync.sync.access;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anonymous callers (load balancers, probes) get the health status and nothing more;
 * details, metrics and Prometheus need an operator, and a partner key opens none of them.
 */
@SyncIntegrationTest
@AutoConfigureObservability
// As SyncStatusIntegrationTests, so both share one context.
@TestPropertySource(properties = "niksync.registry.base-url=http://127.0.0.1:9")
class ActuatorAccessIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Test
	void anonymousCallersGetTheStatusWithoutDetails() {
		for (String path : new String[] { "/actuator/health", "/actuator/health/liveness",
				"/actuator/health/readiness" }) {
			ResponseEntity<JsonNode> health = this.http.getForEntity(path, JsonNode.class);

			assertThat(health.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
			// /actuator/health also names its groups (liveness, readiness): no state in
			// that
			assertThat(health.getBody().fieldNames()).toIterable()
				.as(path)
				.contains("status")
				.isSubsetOf("status", "groups");
		}
		assertThat(this.http.getForEntity("/actuator/health/db", String.class).getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void metricsAndPrometheusNeedAnOperator() {
		assertThat(this.http.getForEntity("/actuator/prometheus", String.class).getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.http.getForEntity("/actuator/metrics", String.class).getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);

		ResponseEntity<String> scraped = TestOperators.asOperator(this.http)
			.getForEntity("/actuator/prometheus", String.class);
		assertThat(scraped.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(scraped.getBody()).contains("niksync_ingest_events_total");
	}

	@Test
	void operatorsSeeTheHealthDetails() {
		JsonNode health = TestOperators.asOperator(this.http).getForObject("/actuator/health", JsonNode.class);
		JsonNode asAdmin = TestOperators.asAdmin(this.http).getForObject("/actuator/health", JsonNode.class);

		assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
		assertThat(asAdmin.at("/components/db/status").asText()).isEqualTo("UP");
	}

	@Test
	void aPartnerKeyOpensNoActuatorDetail() {
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 10);

		ResponseEntity<JsonNode> health = this.http.exchange("/actuator/health", HttpMethod.GET,
				new HttpEntity<>(TestPartners.headers(bank.key(), null)), JsonNode.class);
		ResponseEntity<String> prometheus = this.http.exchange("/actuator/prometheus", HttpMethod.GET,
				new HttpEntity<>(TestPartners.headers(bank.key(), null)), String.class);

		assertThat(health.getBody().fieldNames()).toIterable().isSubsetOf("status", "groups");
		assertThat(prometheus.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
	}

}
