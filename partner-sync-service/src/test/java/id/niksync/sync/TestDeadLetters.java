package id.niksync.sync;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.awaitility.Awaitility.await;

/** Dead letters as the tests wait for and inspect them. */
public final class TestDeadLetters {

	private TestDeadLetters() {
	}

	/** Waits until a dead letter for {@code nik} is listed; its id. */
	public static long awaitOne(TestRestTemplate http, String nik) {
		await().atMost(Duration.ofSeconds(20)).until(() -> list(http, nik).get("total").asLong() >= 1);
		return list(http, nik).at("/items/0/id").asLong();
	}

	public static String status(JdbcClient jdbc, long id) {
		return jdbc.sql("SELECT status FROM dead_letter WHERE id = ?").param(id).query(String.class).single();
	}

	private static JsonNode list(TestRestTemplate http, String nik) {
		return TestOperators.asOperator(http).getForObject("/ops/dead-letters?nik=" + nik, JsonNode.class);
	}

}
