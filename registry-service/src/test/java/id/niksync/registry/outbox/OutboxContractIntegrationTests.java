package id.niksync.registry.outbox;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.testsupport.Residents;
import id.niksync.schemas.registry.OutboxStatus;
import id.niksync.schemas.registry.RegistryApi;
import id.niksync.schemas.registry.RegistryExample;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry's side of the HTTP contract with partner-sync: {@code /ops/outbox} answers
 * in the shape of the shared example, with every field present (rows published, one held
 * back by a stopped relay). partner-sync's {@code RegistryClientTests} reads the same
 * example.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class OutboxContractIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Autowired
	ObjectMapper json;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OutboxRelay relay;

	@Test
	void answersInTheContractsShapeWithEveryFieldPresent() throws Exception {
		create("3511084506900101");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single() == 0);
		this.relay.stop();
		try {
			create("3511084506900102");

			String body = this.http.getForObject(RegistryApi.OUTBOX, String.class);

			RegistryExample.OPS_OUTBOX.assertSameShape(body);
			OutboxStatus status = this.json.readValue(body, OutboxStatus.class);
			assertThat(status.pending()).isEqualTo(1);
			assertThat(status.oldestPendingAt()).isNotNull();
			assertThat(status.lastPublishedChangeSeq()).isNotNull();
		}
		finally {
			this.relay.start();
		}
	}

	private void create(String nik) {
		assertThat(this.http.postForEntity("/api/v1/residents", Residents.siti(nik).toMap(), JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.CREATED);
	}

}
