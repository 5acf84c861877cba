package id.niksync.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path, registry API to partner replica, through a real KRaft broker and two
 * real PostgreSQL servers, both services as they run in the local stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedLocalStack.class)
@Order(SharedLocalStack.ORDER)
class EndToEndIntegrationTests {

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final ObjectMapper json = new ObjectMapper();

	private RunningStack stack;

	@BeforeAll
	void start(RunningStack shared) {
		// the demo residents: the README's Siti Aminah first, for the dead-letter
		// walk-through
		this.stack = shared;
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

	/**
	 * The README's dead-letter walk-through, step by step, through the same API calls: a
	 * record the registry did not sign, keyed by Siti's NIK, is dead-lettered as
	 * SIGNATURE_INVALID, found, selected by a dry run, refused a replay (it would only be
	 * refused again), discarded, and the re-online brings her to ONLINE at version 2.
	 */
	@Test
	void theReadmeDeadLetterWalkThroughEndsWithTheNikOnline() throws Exception {
		String nik = "3511014506900001";
		awaitReplicaVersion(nik, 1);

		// 1. an unsigned record keyed by the NIK (the Java partitioner, as kcat's
		// murmur2_random)
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.bootstrapServers()), new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>("nik-changes", nik, "not an event".getBytes())).get();
		}

		// 2. find it
		await().atMost(Duration.ofSeconds(30))
			.until(() -> sync("GET", "/ops/dead-letters?status=PENDING", null).path("total").asLong() == 1);
		JsonNode pending = sync("GET", "/ops/dead-letters?status=PENDING", null).path("items").get(0);
		long first = pending.path("id").asLong();
		assertThat(pending.path("reasonCode").asText()).isEqualTo("SIGNATURE_INVALID");
		assertThat(pending.path("nik").asText()).isEqualTo(nik);
		assertThat(syncState(nik).path("state").asText()).isEqualTo("IN_DEAD_LETTER");
		assertThat(sync("GET", "/ops/dead-letters/" + first, null).at("/payload/decodeError").asText()).isNotEmpty();
		// counted by the next sample (every 5 s): the status answers without the database
		await().atMost(Duration.ofSeconds(15))
			.until(() -> sync("GET", "/ops/sync-status", null).at("/deadLetters/byReason/SIGNATURE_INVALID")
				.asLong() == 1);

		// 3. a dry run selects it; the replay is refused: it carries no registry
		// signature
		JsonNode dryRun = sync("POST", "/ops/dead-letters/replay",
				"{\"reasonCode\":\"SIGNATURE_INVALID\",\"dryRun\":true,\"reason\":\"check what a replay would send\"}");
		assertThat(dryRun.path("matched").asInt()).isEqualTo(1);
		HttpResponse<String> refused = syncAnswer("POST", "/ops/dead-letters/" + first + "/replay",
				"{\"reason\":\"see that it is refused\"}");
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(this.json.readTree(refused.body()).path("code").asText()).isEqualTo("DEAD_LETTER_NOT_REPLAYABLE");

		// 4. discard it
		assertThat(sync("POST", "/ops/dead-letters/" + first + "/discard",
				"{\"reason\":\"test garbage, not a registry event\"}")
			.path("status")
			.asText()).isEqualTo("DISCARDED");
		assertThat(sync("GET", "/ops/dead-letters?nik=" + nik, null).path("total").asLong())
			.as("the refused replay sent nothing")
			.isEqualTo(1);

		// 5. re-online from the registry: version 2, ONLINE
		HttpResponse<String> republished = this.http.send(HttpRequest
			.newBuilder(URI.create(this.stack.registryUrl() + "/api/v1/residents/" + nik + "/republish"))
			.header("Content-Type", "application/json")
			.header("Authorization",
					DemoCredentials.authorization(DemoCredentials.SUPERVISOR, DemoCredentials.SUPERVISOR_PASSWORD))
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"kkNumber\":\"3511010101100001\",\"reason\":\"citizen at the counter\"}"))
			.build(), BodyHandlers.ofString());
		assertThat(republished.statusCode()).isEqualTo(202);
		assertThat(this.json.readTree(republished.body()).path("version").asLong()).isEqualTo(2);
		JsonNode state = awaitReplicaVersion(nik, 2);
		assertThat(state.path("state").asText()).isEqualTo("ONLINE");
	}

	/** A call to partner-sync's ops API as the demo operator. */
	private JsonNode sync(String method, String path, String body) throws IOException, InterruptedException {
		HttpResponse<String> response = syncAnswer(method, path, body);
		assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isLessThan(300);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> syncAnswer(String method, String path, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.stack.syncUrl() + path))
			.header("Authorization", DemoCredentials.operatorAuthorization());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		HttpResponse<String> response = this.http.send(
				request
					.method(method,
							(body != null) ? HttpRequest.BodyPublishers.ofString(body)
									: HttpRequest.BodyPublishers.noBody())
					.build(),
				BodyHandlers.ofString());
		return response;
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
