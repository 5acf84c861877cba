package id.niksync.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import id.niksync.testsupport.DatabaseRoles;
import id.niksync.testsupport.DatabaseRoles.Role;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every connection to a {@link PostgresServer} needs its role's password, on a new data
 * directory and on one an older launcher made trusting every local connection.
 */
class PostgresServerIntegrationTests {

	private static final String SUPERUSER_PASSWORD = "a-generated-superuser-password";

	private static final Role OWNER = new Role("registry_owner", "a-generated-owner-password");

	private static final Role APP = new Role("registry_app", "a-generated-app-password");

	@TempDir
	Path dir;

	@Test
	void aNewDataDirectoryTrustsNobody() throws Exception {
		Path data = this.dir.resolve("postgres-registry");
		int port = Ports.free().registryPg();
		try (PostgresServer server = PostgresServer.start(data, port, "registry", SUPERUSER_PASSWORD, OWNER, APP,
				Map.of())) {
			assertThat(data.resolveSibling("postgres-registry.pwfile")).as("initdb's password file").doesNotExist();
			assertThat(rules(data)).as("pg_hba.conf as initdb wrote it")
				.isNotEmpty()
				.allSatisfy((rule) -> assertThat(rule).endsWith("scram-sha-256"));
			assertPasswordsRequired(server);
		}
	}

	@Test
	void aDataDirectoryThatTrustedEveryConnectionRequiresPasswordsFromItsNextStart() throws Exception {
		Path data = this.dir.resolve("postgres-registry");
		int port = Ports.free().registryPg();
		// As an older launcher left it: zonky's initdb -A trust, postgres without a
		// password, the roles with the fixed passwords of that time.
		try (EmbeddedPostgres old = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setPort(port)
			.start(); Connection connection = old.getPostgresDatabase().getConnection()) {
			DatabaseRoles.create(connection, new Role(OWNER.name(), "local-registry-owner"),
					new Role(APP.name(), "local-registry-app"));
		}
		assertThat(rules(data)).anySatisfy((rule) -> assertThat(rule).endsWith("trust"));

		try (PostgresServer server = PostgresServer.start(data, port, "registry", SUPERUSER_PASSWORD, OWNER, APP,
				Map.of())) {
			assertThat(rules(data)).isNotEmpty().allSatisfy((rule) -> assertThat(rule).endsWith("scram-sha-256"));
			assertPasswordsRequired(server);
			assertRefused(server, APP.name(), "local-registry-app");
		}
		// Converted once: the next start finds nothing to change.
		try (PostgresServer again = PostgresServer.start(data, port, "registry", SUPERUSER_PASSWORD, OWNER, APP,
				Map.of())) {
			assertPasswordsRequired(again);
		}
	}

	@Test
	void onlyTheMethodOfATrustRuleChanges() {
		assertThat(PostgresServer.withoutTrust("host    all  all  127.0.0.1/32   trust  # trust me"))
			.isEqualTo("host    all  all  127.0.0.1/32   scram-sha-256  # trust me");
		assertThat(PostgresServer.withoutTrust("local   replication     all                                     trust"))
			.endsWith("scram-sha-256");
		assertThat(PostgresServer.withoutTrust("# TYPE  DATABASE  USER  ADDRESS  METHOD trust"))
			.isEqualTo("# TYPE  DATABASE  USER  ADDRESS  METHOD trust");
		assertThat(PostgresServer.withoutTrust("host all trustee 127.0.0.1/32 md5"))
			.isEqualTo("host all trustee 127.0.0.1/32 md5");
	}

	/**
	 * The superuser connects with its password only; the service's role with its own.
	 */
	private static void assertPasswordsRequired(PostgresServer server) throws SQLException {
		String url = server.jdbcUrl();
		assertThatExceptionOfType(SQLException.class).as("postgres without a password")
			.isThrownBy(() -> DriverManager.getConnection(url, "postgres", null).close())
			.withMessageContaining("no password was provided");
		assertRefused(server, "postgres", "postgres");
		assertRefused(server, "postgres", SUPERUSER_PASSWORD + "x");
		try (Connection superuser = server.connect();
				ResultSet me = superuser.createStatement()
					.executeQuery("SELECT current_user, rolsuper FROM pg_roles" + " WHERE rolname = current_user")) {
			assertThat(me.next()).isTrue();
			assertThat(me.getString(1)).isEqualTo("postgres");
			assertThat(me.getBoolean(2)).isTrue();
		}
		try (Connection app = DriverManager.getConnection(url, APP.name(), APP.password())) {
			assertThat(app.isValid(5)).isTrue();
		}
	}

	private static void assertRefused(PostgresServer server, String user, String password) {
		assertThatExceptionOfType(SQLException.class).as("%s with password %s", user, password)
			.isThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), user, password).close())
			.satisfies((ex) -> assertThat(ex.getSQLState()).as(ex.getMessage()).isEqualTo("28P01"));
	}

	/** The rules of {@code pg_hba.conf}, without comments and blank lines. */
	private static List<String> rules(Path data) throws Exception {
		return Files.readAllLines(data.resolve("pg_hba.conf"))
			.stream()
			.map((line) -> line.replaceAll("#.*", "").strip())
			.filter((line) -> !line.isEmpty())
			.toList();
	}

}
