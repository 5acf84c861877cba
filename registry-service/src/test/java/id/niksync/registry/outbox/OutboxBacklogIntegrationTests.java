package id.niksync.registry.outbox;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.PublishedEvents;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.testsupport.Residents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class OutboxBacklogIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Test
	void publishedTotalAndLastChangeSeqFollowWhatTheRelayPublished() {
		long before = this.http.getForObject("/ops/outbox", JsonNode.class).get("publishedTotal").asLong();
		List<String> niks = List.of("3511084506900001", "3511084506900002");
		for (String nik : niks) {
			assertThat(this.http.postForEntity("/api/v1/residents", Residents.siti(nik).toMap(), JsonNode.class)
				.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		}
		long lastChangeSeq = PublishedEvents.lastOf(this.broker, niks)
			.values()
			.stream()
			.mapToLong(NikChanged::getChangeSeq)
			.max()
			.orElseThrow();
		await().atMost(Duration.ofSeconds(20))
			.alias("the published rows removed")
			.until(() -> this.jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single() == 0);

		JsonNode backlog = this.http.getForObject("/ops/outbox", JsonNode.class);

		// kept by the relay: published rows leave the outbox, nothing is left to count
		assertThat(backlog.get("publishedTotal").asLong()).isEqualTo(before + 2);
		assertThat(backlog.get("lastPublishedChangeSeq").asLong()).isEqualTo(lastChangeSeq);
		assertThat(backlog.get("pending").asLong()).isZero();
	}

}
