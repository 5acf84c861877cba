package id.niksync.registry.outbox;

import java.net.ServerSocket;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.RegistryApplication;
import id.niksync.registry.TestAccounts;
import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.testsupport.Residents;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * G1, registry side: with no broker reachable the API still accepts changes, and a send
 * that was never acknowledged never marks its row published. (The end-to-end half, where
 * the broker comes back and the change reaches the replica, is in local-stack's tests.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "niksync.outbox.poll-interval=50ms", "niksync.outbox.send-timeout=2s",
				"niksync.outbox.max-backoff=200ms", "spring.kafka.producer.properties.max.block.ms=300",
				"spring.kafka.producer.properties.delivery.timeout.ms=1500",
				"spring.kafka.producer.properties.request.timeout.ms=1000", "spring.kafka.admin.fail-fast=false",
				"spring.kafka.admin.operation-timeout=1", "spring.kafka.admin.properties.request.timeout.ms=1000",
				"spring.kafka.admin.properties.default.api.timeout.ms=1000" })
@ContextConfiguration(initializers = EmbeddedPostgres.class)
@TestPropertySource(locations = "classpath:test-accounts.properties")
@Import(TestAccounts.class)
@ExtendWith(OutputCaptureExtension.class)
class OutboxRelayBrokerDownIntegrationTests {

	@DynamicPropertySource
	static void noBroker(DynamicPropertyRegistry registry) throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			int closedPort = socket.getLocalPort();
			registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort);
		}
	}

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@Test
	void keepsAcceptingChangesAndKeepsRowsPendingWhileKafkaIsUnreachable(CapturedOutput output) {
		String nik = "3511014506900011";
		ResponseEntity<JsonNode> created = this.http.postForEntity("/api/v1/residents", Residents.siti(nik).toMap(),
				JsonNode.class);
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);

		// The relay has tried and failed at least twice by now ...
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.meters.counter("niksync.outbox.send.failures").count() >= 2);

		// ... and the row is still pending, visible to operators.
		assertThat(this.jdbc.sql("SELECT count(*) FROM outbox WHERE nik = ?").param(nik).query(Long.class).single())
			.isEqualTo(1);
		JsonNode backlog = this.http.getForObject("/ops/outbox", JsonNode.class);
		assertThat(backlog.get("pending").asLong()).isEqualTo(1);
		assertThat(backlog.get("publishedTotal").asLong()).isZero();
		assertThat(this.meters.counter("niksync.outbox.published").count()).isZero();

		// The failed sends were logged, with the NIK masked (G7).
		assertThat(output.getAll()).contains("3511********0011").doesNotContain(nik);
	}

}
