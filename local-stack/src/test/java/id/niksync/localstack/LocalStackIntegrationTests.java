package id.niksync.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.localstack.LocalStack.Settings;
import id.niksync.testsupport.Residents;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

class LocalStackIntegrationTests {

	private static final String SITI = Residents.DEMO_NIK;

	private static final int SEED = 20;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final ObjectMapper json = new ObjectMapper();

	@TempDir
	Path dir;

	@Test
	void seedsOnFirstStartAndReusesTheDataOnTheNext() throws Exception {
		Settings settings = freePorts(this.dir, SEED);
		String clusterId;
		try (RunningStack stack = LocalStack.start(settings)) {
			assertThat(stack.seeded()).isEqualTo(SEED);
			JsonNode siti = get(stack.registryUrl() + "/api/v1/residents/" + SITI);
			assertThat(siti.path("fullName").asText()).isEqualTo("Siti Aminah");
			assertThat(siti.path("version").asLong()).isEqualTo(1);
			awaitOnReplica(stack, SITI);
			assertThat(residents(stack)).isEqualTo(SEED);
			assertDemoPartnersCanLookUp(stack);
			assertServicesRunAsTheirOwnRoles(stack);
			assertEveryConnectionNeedsItsPassword(stack);
			assertNoPasswordOnACommandLine(stack);
			clusterId = clusterId(stack);

			assertThatIOException().as("a second launcher on the same directory")
				.isThrownBy(() -> LocalStack.start(settings))
				.withMessageContaining("Another launcher is running");
			assertThat(get(stack.registryUrl() + "/api/v1/residents/" + SITI).path("version").asLong()).isEqualTo(1);
		}

		assertStopped(settings);
		assertThat(this.dir.resolve("kafka/data/meta.properties")).exists();
		Path privateKey = this.dir.resolve("event-signing/private-key.pem");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey.getParent())))
			.isEqualTo("rwx------");
		String signingKey = Files.readString(privateKey);
		Path databasePasswords = this.dir.resolve(DatabasePasswords.FILE);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(databasePasswords)))
			.isEqualTo("rw-------");
		assertThat(this.dir.resolve("postgres-registry.pwfile")).as("initdb's password file is gone").doesNotExist();
		String passwords = Files.readString(databasePasswords);

		try (RunningStack again = LocalStack.start(settings)) {
			assertThat(again.seeded()).isZero();
			assertThat(residents(again)).isEqualTo(SEED);
			assertThat(get(again.registryUrl() + "/api/v1/residents/" + SITI).path("version").asLong()).isEqualTo(1);
			JsonNode state = get(again.syncUrl() + "/ops/residents/" + SITI + "/sync-state");
			assertThat(state.path("onReplica").asBoolean()).isTrue();
			assertThat(state.path("version").asLong()).isEqualTo(1);
			assertThat(clusterId(again)).as("Kafka storage is reused, not formatted again").isEqualTo(clusterId);
			assertThat(Files.readString(privateKey)).as("the signing key is kept").isEqualTo(signingKey);
			assertThat(Files.readString(databasePasswords)).as("the database passwords are kept").isEqualTo(passwords);
			assertThat(residents(again)).as("the superuser connects with them").isEqualTo(SEED);
			// The last seeded resident went through Kafka too (the consumer kept its
			// offsets).
			String last = Residents.bondowoso().get(SEED - 1).nik();
			awaitOnReplica(again, last);
			assertAPartnerGetsAMissingNikOnlineWithoutAnOperator(again, last);
		}
	}

	/**
	 * The seed's promise, issue 15: a NIK the registry has and the replica lost comes
	 * back when a partner asks with the citizen's family card, without an operator. How
	 * fast (p99 ≤ 2 s) is the benchmarks' {@code reonline} phase's to measure, not this
	 * test's: the first request after a restart, on a CI machine busy with other forks,
	 * has taken longer than 2 s once, and a timed assertion here would only make the
	 * suite flaky.
	 */
	private void assertAPartnerGetsAMissingNikOnlineWithoutAnOperator(RunningStack stack, String nik) throws Exception {
		String kk = get(stack.registryUrl() + "/api/v1/residents/" + nik).path("kkNumber").asText();
		try (Connection connection = stack.syncDbAsSuperuser()) {
			connection.createStatement().executeUpdate("DELETE FROM replica_resident WHERE nik = '" + nik + "'");
		}
		String key = DemoCredentials.INSTITUTIONS.get(0).apiKey();
		var lookup = this.http.send(HttpRequest.newBuilder(URI.create(stack.syncUrl() + "/partner/v1/residents/" + nik))
			.header("Authorization", "ApiKey " + key)
			.header("X-Purpose", "local stack test")
			.build(), BodyHandlers.ofString());
		assertThat(lookup.statusCode()).isEqualTo(404);
		assertThat(this.json.readTree(lookup.body()).path("code").asText()).isEqualTo("NOT_ON_REPLICA");

		long asked = System.nanoTime();
		var accepted = this.http
			.send(HttpRequest.newBuilder(URI.create(stack.syncUrl() + "/partner/v1/reonline-requests"))
				.header("Authorization", "ApiKey " + key)
				.header("X-Purpose", "local stack test")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"nik\":\"" + nik + "\",\"kkNumber\":\"" + kk + "\"}"))
				.build(), BodyHandlers.ofString());
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		String id = this.json.readTree(accepted.body()).path("id").asText();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			var status = this.http
				.send(HttpRequest.newBuilder(URI.create(stack.syncUrl() + "/partner/v1/reonline-requests/" + id))
					.header("Authorization", "ApiKey " + key)
					.header("X-Purpose", "local stack test")
					.build(), BodyHandlers.ofString());
			assertThat(this.json.readTree(status.body()).path("status").asText()).as(status.body()).isEqualTo("ONLINE");
		});
		System.out.printf("Re-online request to ONLINE on the local stack: %d ms%n",
				(System.nanoTime() - asked) / 1_000_000);
		assertThat(get(stack.syncUrl() + "/ops/residents/" + nik + "/sync-state").path("version").asLong())
			.isEqualTo(2);
	}

	/** The published demo keys work, each seeing its type's fields. */
	private void assertDemoPartnersCanLookUp(RunningStack stack) throws IOException, InterruptedException {
		for (DemoCredentials.Institution institution : DemoCredentials.INSTITUTIONS) {
			var response = this.http
				.send(HttpRequest.newBuilder(URI.create(stack.syncUrl() + "/partner/v1/residents/" + SITI))
					.header("Authorization", "ApiKey " + institution.apiKey())
					.header("X-Purpose", "local stack test")
					.build(), BodyHandlers.ofString());
			assertThat(response.statusCode()).as(institution.type() + ": " + response.body()).isEqualTo(200);
			JsonNode answer = this.json.readTree(response.body());
			assertThat(answer.path("fullName").asText()).isEqualTo("Siti Aminah");
			assertThat(answer.has("religion")).isEqualTo(institution.type().equals("KEMENAG"));
		}
	}

	/**
	 * Each service connects as its application role, and its tables belong to the owner
	 * role Flyway migrated as (README, "Database roles").
	 */
	private static void assertServicesRunAsTheirOwnRoles(RunningStack stack) throws SQLException {
		assertThat(usersAndOwners(stack.stack().registryDb())).containsExactly("registry_app", "registry_owner");
		assertThat(usersAndOwners(stack.stack().replicaDb())).containsExactly("sync_app", "sync_owner");
	}

	/**
	 * Both servers ask every role for its password, the superuser's too: none connects
	 * without one or with the fixed passwords an older launcher used, and no
	 * {@code pg_hba.conf} rule (TCP or socket) trusts anyone.
	 */
	private static void assertEveryConnectionNeedsItsPassword(RunningStack stack) throws SQLException {
		for (PostgresServer database : List.of(stack.stack().registryDb(), stack.stack().replicaDb())) {
			String url = database.jdbcUrl();
			assertThatExceptionOfType(SQLException.class).as("postgres without a password on %s", url)
				.isThrownBy(() -> DriverManager.getConnection(url, "postgres", null).close())
				.withMessageContaining("no password was provided");
			for (String[] old : List.of(new String[] { "postgres", "postgres" },
					new String[] { database.app().name(), "local-" + database.app().name().replace('_', '-') },
					new String[] { database.owner().name(), "local-" + database.owner().name().replace('_', '-') })) {
				assertThatExceptionOfType(SQLException.class).as("%s with its old password on %s", old[0], url)
					.isThrownBy(() -> DriverManager.getConnection(url, old[0], old[1]).close())
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
			}
			try (Connection app = DriverManager.getConnection(url, database.app().name(), database.app().password());
					Connection superuser = database.connect();
					ResultSet rules = superuser.createStatement()
						.executeQuery("SELECT DISTINCT auth_method FROM pg_hba_file_rules")) {
				List<String> methods = new ArrayList<>();
				while (rules.next()) {
					methods.add(rules.getString(1));
				}
				assertThat(methods).as("pg_hba.conf of %s", url).containsExactly("scram-sha-256");
				assertThat(app.isValid(5)).isTrue();
			}
		}
	}

	/**
	 * Other users of the machine see every process's command line ({@code ps}): the
	 * services get their database passwords through the environment.
	 */
	private void assertNoPasswordOnACommandLine(RunningStack stack) throws IOException {
		Properties passwords = new Properties();
		try (var reader = Files.newBufferedReader(this.dir.resolve(DatabasePasswords.FILE))) {
			passwords.load(reader);
		}
		assertThat(passwords.stringPropertyNames()).containsExactlyInAnyOrder("postgres", "registry_owner",
				"registry_app", "sync_owner", "sync_app");
		for (JvmProcess service : List.of(stack.stack().registry(), stack.stack().sync())) {
			String commandLine = Files.readString(Path.of("/proc", Long.toString(service.pid()), "cmdline"))
				.replace('\0', ' ');
			assertThat(commandLine).as(service.name()).contains("-jar", "spring.datasource.username=");
			assertThat(commandLine).as(service.name()).doesNotContainIgnoringCase("password");
			for (String password : passwords.stringPropertyNames()) {
				assertThat(commandLine).as(service.name()).doesNotContain(passwords.getProperty(password));
			}
		}
	}

	private static List<String> usersAndOwners(PostgresServer database) throws SQLException {
		try (Connection connection = database.connect(); ResultSet rows = connection.createStatement().executeQuery("""
				SELECT DISTINCT usename::text FROM pg_stat_activity
				WHERE datname = current_database() AND pid <> pg_backend_pid()
				UNION ALL
				SELECT DISTINCT tableowner::text FROM pg_tables WHERE schemaname = 'public'""")) {
			List<String> names = new ArrayList<>();
			while (rows.next()) {
				names.add(rows.getString(1));
			}
			return names;
		}
	}

	/** Every port is free again and both PostgreSQL servers shut down cleanly. */
	private void assertStopped(Settings settings) throws IOException {
		for (int port : settings.ports()) {
			try (ServerSocket socket = new ServerSocket(port)) {
				assertThat(socket.getLocalPort()).isEqualTo(port);
			}
		}
		assertThat(this.dir.resolve("postgres-registry/postmaster.pid")).doesNotExist();
		assertThat(this.dir.resolve("postgres-sync/postmaster.pid")).doesNotExist();
	}

	private void awaitOnReplica(RunningStack stack, String nik) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			JsonNode state = get(stack.syncUrl() + "/ops/residents/" + nik + "/sync-state");
			assertThat(state.path("onReplica").asBoolean()).isTrue();
			assertThat(state.path("version").asLong()).isEqualTo(1);
		});
	}

	private JsonNode get(String url) throws IOException, InterruptedException {
		var response = this.http.send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization",
					url.contains("/api/v1/") ? DemoCredentials.authorization(DemoCredentials.SUPERVISOR,
							DemoCredentials.SUPERVISOR_PASSWORD) : DemoCredentials.operatorAuthorization())
			.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private static long residents(RunningStack stack) throws SQLException {
		try (Connection connection = stack.registryDbAsSuperuser();
				ResultSet count = connection.createStatement().executeQuery("SELECT count(*) FROM resident")) {
			count.next();
			return count.getLong(1);
		}
	}

	private static String clusterId(RunningStack stack) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
			return admin.describeCluster().clusterId().get();
		}
	}

	static Settings freePorts(Path dir, int seedCount) throws IOException {
		Ports ports = Ports.free();
		return new Settings(dir, ports.kafka(), ports.controller(), ports.registry(), ports.sync(), ports.registryPg(),
				ports.syncPg(), seedCount);
	}

}
