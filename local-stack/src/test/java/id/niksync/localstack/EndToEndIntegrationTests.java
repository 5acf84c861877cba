package id.niksync.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path, registry API to partner replica, through a real KRaft broker and two
 * real PostgreSQL servers, both services as they run in the local stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIntegrationTests {

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final ObjectMapper json = new ObjectMapper();

	private RunningStack stack;

	@BeforeAll
	void start(@TempDir Path dir) throws Exception {
		this.stack = LocalStack.start(LocalStackIntegrationTests.freePorts(dir, 0));
	}

	@AfterAll
	void stop() {
		this.stack.close();
	}

	@Test
	void registrationUpdateAndStatusChangeReachTheReplicaInOrder() throws Exception {
		String nik = "3511024107920003";

		assertThat(send("POST", "/api/v1/residents", resident(nik, "Guru")).statusCode()).isEqualTo(201);
		awaitReplicaVersion(nik, 1);

		assertThat(send("PUT", "/api/v1/residents/" + nik, resident(nik, "Kepala Sekolah")).statusCode())
			.isEqualTo(200);
		awaitReplicaVersion(nik, 2);

		assertThat(send("POST", "/api/v1/residents/" + nik + "/status",
				"{\"status\":\"INACTIVE\",\"reason\":\"Pindah ke luar negeri\"}")
			.statusCode()).isEqualTo(200);
		JsonNode state = awaitReplicaVersion(nik, 3);
		assertThat(state.path("status").asText()).isEqualTo("INACTIVE");
		assertThat(state.path("changeType").asText()).isEqualTo("DEACTIVATED");
	}

	/**
	 * G1: a change accepted while the broker is down reaches the replica once it is back.
	 */
	@Test
	void aChangeAcceptedWhileKafkaIsDownReachesTheReplicaWhenItIsBack() throws Exception {
		String nik = "3511025212880004";
		this.stack.kafka().stop();
		try {
			HttpResponse<String> created = send("POST", "/api/v1/residents", resident(nik, "Bidan"));
			assertThat(created.statusCode()).isEqualTo(201);

			// Not published while the broker is away: the row waits in the outbox.
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> outboxPending() >= 1);
			assertThat(syncState(nik).path("onReplica").asBoolean()).isFalse();
		}
		finally {
			this.stack.kafka().start();
		}

		awaitReplicaVersion(nik, 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> outboxPending() == 0);
	}

	private JsonNode awaitReplicaVersion(String nik, long version) throws IOException, InterruptedException {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> syncState(nik).path("version").asLong() == version);
		return syncState(nik);
	}

	private long outboxPending() throws IOException, InterruptedException {
		return get(this.stack.registryUrl() + "/ops/outbox").path("pending").asLong();
	}

	private JsonNode syncState(String nik) throws IOException, InterruptedException {
		return get(this.stack.syncUrl() + "/ops/residents/" + nik + "/sync-state");
	}

	private JsonNode get(String url) throws IOException, InterruptedException {
		return this.json.readTree(
				this.http
					.send(HttpRequest.newBuilder(URI.create(url))
						.header("Authorization", DemoCredentials.authorizationFor(url, this.stack.registryUrl()))
						.build(), BodyHandlers.ofString())
					.body());
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.stack.registryUrl() + path))
			.header("Content-Type", "application/json")
			.header("Authorization",
					DemoCredentials.authorization(DemoCredentials.REGISTRAR, DemoCredentials.REGISTRAR_PASSWORD))
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build(), BodyHandlers.ofString());
	}

	/**
	 * A woman of district 02 whose birth date agrees with the NIK's DDMMYY (day + 40).
	 */
	private static String resident(String nik, String occupation) {
		int day = Integer.parseInt(nik.substring(6, 8)) - 40;
		String birthDate = "19" + nik.substring(10, 12) + "-" + nik.substring(8, 10) + "-" + "%02d".formatted(day);
		return """
				{"nik":"%s","kkNumber":"3511020101150002","fullName":"Dewi Lestari","birthPlace":"Bondowoso",
				 "birthDate":"%s","sex":"FEMALE","religion":"ISLAM","maritalStatus":"SINGLE","occupation":"%s",
				 "nationality":"WNI","address":{"street":"Jl. Mawar 3","rt":"002","rw":"004","village":"Nangkaan",
				 "district":"Bondowoso","regency":"Kabupaten Bondowoso","province":"Jawa Timur","postalCode":"68214"}}"""
			.formatted(nik, birthDate, occupation);
	}

}
