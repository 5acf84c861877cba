package id.niksync.registry.outbox;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.testsupport.Residents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
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

	@Test
	void publishedTotalAndLastChangeSeqFollowWhatTheRelayMarked() {
		for (String nik : new String[] { "3511084506900001", "3511084506900002" }) {
			assertThat(this.http.postForEntity("/api/v1/residents", Residents.siti(nik).toMap(), JsonNode.class)
				.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> count("published_at IS NULL") == 0);

		JsonNode backlog = this.http.getForObject("/ops/outbox", JsonNode.class);

		// kept by the relay, not counted: it must still equal the table (other tests
		// share it)
		assertThat(backlog.get("publishedTotal").asLong()).isEqualTo(count("published_at IS NOT NULL"))
			.isGreaterThanOrEqualTo(2);
		assertThat(backlog.get("lastPublishedChangeSeq").asLong())
			.isEqualTo(this.jdbc.sql("SELECT max(id) FROM outbox").query(Long.class).single());
		assertThat(backlog.get("pending").asLong()).isZero();
	}

	private long count(String condition) {
		return this.jdbc.sql("SELECT count(*) FROM outbox WHERE " + condition).query(Long.class).single();
	}

}
