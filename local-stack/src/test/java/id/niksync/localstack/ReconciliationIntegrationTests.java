package id.niksync.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.testsupport.Residents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * G6: reconciliation compares the registry and the replica, names exactly the NIKs that
 * differ, repairs them through the registry's republish, and stays cheap when nothing
 * differs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedLocalStack.class)
@Order(SharedLocalStack.ORDER)
class ReconciliationIntegrationTests {

	private static final int SEED = SharedLocalStack.SEED;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final ObjectMapper json = new ObjectMapper();

	private RunningStack stack;

	private List<String> seeded;

	/**
	 * The shared stack: other classes' residents, settled on both sides, are there too.
	 */
	@BeforeAll
	void start(RunningStack shared) {
		this.stack = shared;
		this.seeded = Residents.bondowoso().first(SEED).stream().map((r) -> r.nik()).toList();
		await().atMost(Duration.ofSeconds(60)).until(() -> seededOnReplica() == SEED);
	}

	@Test
	void findsExactlyTheNiksAlteredOnTheReplicaAndRepairsThem() throws Exception {
		String deleted1 = this.seeded.get(3);
		String deleted2 = this.seeded.get(17);
		String rolledBack = this.seeded.get(9);
		// rolledBack moves to version 2 everywhere, then the replica is set back to
		// version 1.
		assertThat(post(this.stack.registryUrl() + "/api/v1/residents/" + rolledBack + "/republish",
				"{\"kkNumber\":\"" + kk(rolledBack) + "\",\"reason\":\"reconciliation test\"}")
			.path("version")
			.asLong()).isEqualTo(2);
		await().atMost(Duration.ofSeconds(30)).until(() -> replicaVersion(rolledBack) == 2);
		replica("DELETE FROM replica_resident WHERE nik IN ('" + deleted1 + "', '" + deleted2 + "')");
		replica("UPDATE replica_resident SET version = 1 WHERE nik = '" + rolledBack + "'");

		JsonNode found = reconcile("{\"prefix\":\"3511\"}");

		assertThat(found.path("missing").asLong()).isEqualTo(2);
		assertThat(found.path("stale").asLong()).isEqualTo(1);
		assertThat(found.path("extra").asLong() + found.path("ahead").asLong()).isZero();
		assertThat(findings(found)).containsExactlyInAnyOrder(deleted1 + ":MISSING", deleted2 + ":MISSING",
				rolledBack + ":STALE");

		JsonNode repaired = reconcile("{\"prefix\":\"3511\",\"republish\":true}");
		assertThat(repaired.path("republishJobIds").asText()).isNotEmpty();
		await().atMost(Duration.ofSeconds(60)).until(() -> seededOnReplica() == SEED);
		await().atMost(Duration.ofSeconds(60)).until(() -> replicaVersion(rolledBack) == 3);

		JsonNode clean = reconcile("{}");
		assertThat(clean.path("missing").asLong() + clean.path("stale").asLong() + clean.path("extra").asLong()
				+ clean.path("ahead").asLong())
			.isZero();
	}

	/**
	 * A replica holding a version the registry never had (a forged event from before
	 * events were signed, or a registry restored from an old backup) is put back to the
	 * registry's facts: the registry republishes it above the replica's version.
	 */
	@Test
	void aResidentAheadOnTheReplicaIsPutBackToTheRegistrysFacts() throws Exception {
		String forged = this.seeded.get(21);
		JsonNode truth = get(this.stack.registryUrl() + "/api/v1/residents/" + forged);
		replica("UPDATE replica_resident SET version = 101, full_name = 'FORGED VIA UNAUTHENTICATED KAFKA'"
				+ " WHERE nik = '" + forged + "'");

		JsonNode repaired = reconcile("{\"prefix\":\"3511\",\"republish\":true}");

		assertThat(findings(repaired)).contains(forged + ":AHEAD");
		assertThat(repaired.path("republishJobIds").asText()).isNotEmpty();
		await().atMost(Duration.ofSeconds(60)).until(() -> replicaVersion(forged) == 102);
		JsonNode registry = get(this.stack.registryUrl() + "/api/v1/residents/" + forged);
		assertThat(registry.path("version").asLong()).isEqualTo(102);
		assertThat(replicaName(forged)).isEqualTo(truth.path("fullName").asText())
			.isEqualTo(registry.path("fullName").asText());
		JsonNode clean = reconcile("{\"prefix\":\"3511\"}");
		assertThat(findings(clean)).doesNotContain(forged + ":AHEAD");
		assertThat(clean.path("ahead").asLong()).isZero();
	}

	@Test
	void findsAResidentThatIsOnlyOnTheReplica() throws Exception {
		String stray = "3511990101900001";
		replica("INSERT INTO replica_resident SELECT '" + stray + "', kk_number, full_name, birth_place, birth_date,"
				+ " sex, religion, marital_status, occupation, nationality, street, rt, rw, village, district,"
				+ " regency, province, postal_code, status, data_quality_flags, version, change_seq, gen_random_uuid(),"
				+ " change_type, registry_changed_at, replicated_at FROM replica_resident LIMIT 1");
		try {
			JsonNode found = reconcile("{\"prefix\":\"351199\"}");
			assertThat(findings(found)).containsExactly(stray + ":EXTRA");
		}
		finally {
			replica("DELETE FROM replica_resident WHERE nik = '" + stray + "'");
		}
	}

	/**
	 * 100,000 residents on both sides, converged: one aggregate query per side, nothing
	 * per NIK.
	 */
	@Test
	void aConvergedRegionOf100000CostsOneAggregateQueryPerSide() throws Exception {
		String facts = "'3501010101100001', 'X', 'Y', '1990-01-01', 'MALE', 'ISLAM', 'SINGLE', 'Z', 'WNI', 'S', '001',"
				+ " '001', 'V', 'D', 'R', 'P', '12345', 'ACTIVE', ''";
		String nik = "'920101' || lpad(i::text, 10, '0')";
		String rows = " FROM generate_series(1, 100000) AS i";
		sql(this.stack.stack().registryDb(),
				"INSERT INTO resident SELECT " + nik + ", " + facts + ", 1 + i % 3, now(), now()" + rows);
		replica("INSERT INTO replica_resident SELECT " + nik + ", " + facts
				+ ", 1 + i % 3, i, gen_random_uuid(), 'ISSUED', now(), now()" + rows);

		JsonNode converged = reconcile("{\"prefix\":\"92\"}");

		assertThat(converged.path("missing").asLong() + converged.path("stale").asLong()
				+ converged.path("extra").asLong() + converged.path("ahead").asLong())
			.isZero();
		assertThat(converged.path("registryRequests").asLong()).isEqualTo(1);
		assertThat(converged.path("replicaQueries").asLong()).isEqualTo(1);
		assertThat(converged.path("bucketsCompared").asLong()).isEqualTo(1);
	}

	private JsonNode reconcile(String body) throws Exception {
		String id = post(this.stack.syncUrl() + "/ops/reconciliations", body).path("id").asText();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !"RUNNING"
				.equals(get(this.stack.syncUrl() + "/ops/reconciliations/" + id).path("state").asText()));
		JsonNode result = get(this.stack.syncUrl() + "/ops/reconciliations/" + id);
		assertThat(result.path("state").asText()).as(result.toString()).isEqualTo("COMPLETED");
		assertThat(get(this.stack.syncUrl() + "/ops/reconciliations/latest").path("id").asText()).isEqualTo(id);
		return result;
	}

	private static List<String> findings(JsonNode result) {
		List<String> findings = new ArrayList<>();
		result.path("findings").forEach((f) -> findings.add(f.path("nik").asText() + ":" + f.path("kind").asText()));
		return findings;
	}

	private String kk(String nik) throws Exception {
		return get(this.stack.registryUrl() + "/api/v1/residents/" + nik).path("kkNumber").asText();
	}

	private long replicaVersion(String nik) throws SQLException {
		try (Connection c = this.stack.syncDbAsSuperuser();
				var rs = c.createStatement()
					.executeQuery("SELECT version FROM replica_resident WHERE nik = '" + nik + "'")) {
			return rs.next() ? rs.getLong(1) : 0;
		}
	}

	private String replicaName(String nik) throws SQLException {
		try (Connection c = this.stack.syncDbAsSuperuser();
				var rs = c.createStatement()
					.executeQuery("SELECT full_name FROM replica_resident WHERE nik = '" + nik + "'")) {
			return rs.next() ? rs.getString(1) : null;
		}
	}

	private void replica(String statement) throws SQLException {
		sql(this.stack.stack().replicaDb(), statement);
	}

	private static void sql(PostgresServer database, String statement) throws SQLException {
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			s.execute(statement);
		}
	}

	/** How many of the seeded residents the replica holds. */
	private long seededOnReplica() throws SQLException {
		try (Connection c = this.stack.stack().replicaDb().connect();
				var rs = c.createStatement()
					.executeQuery("SELECT count(*) FROM replica_resident WHERE nik IN ('"
							+ String.join("', '", this.seeded) + "')")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private JsonNode get(String url) throws IOException, InterruptedException {
		return this.json.readTree(
				this.http
					.send(HttpRequest.newBuilder(URI.create(url))
						.header("Authorization", DemoCredentials.authorizationFor(url, this.stack.registryUrl()))
						.build(), BodyHandlers.ofString())
					.body());
	}

	private JsonNode post(String url, String body) throws IOException, InterruptedException {
		return this.json.readTree(
				this.http
					.send(HttpRequest.newBuilder(URI.create(url))
						.header("Content-Type", "application/json")
						.header("Authorization", DemoCredentials.authorizationFor(url, this.stack.registryUrl()))
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), BodyHandlers.ofString())
					.body());
	}

}
