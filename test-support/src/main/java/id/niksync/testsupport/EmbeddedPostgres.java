package id.niksync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import id.niksync.testsupport.DatabaseRoles.Role;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Real PostgreSQL 15 for the services' tests: one server per test JVM, one fresh database
 * per Spring context ({@code @ContextConfiguration(initializers =
 * EmbeddedPostgres.class)}), with the roles production uses: Flyway migrates as
 * {@link #OWNER}, the service runs as {@link #APP} (README, "Database roles"). A test
 * that must do what the service may not (truncate, lock, break the schema) connects with
 * {@link #superuserConnection(String)}.
 */
public class EmbeddedPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** Owns every test database and what Flyway creates in it. */
	public static final Role OWNER = new Role("test_owner", "test-owner-password");

	/** The services' role: no ownership, only what the grants callback gives it. */
	public static final Role APP = new Role("test_app", "test-app-password");

	private static final AtomicInteger databases = new AtomicInteger();

	private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		use(context, newDatabase());
	}

	/**
	 * Points the service at {@code url}: the service as {@link #APP}, Flyway as
	 * {@link #OWNER}.
	 */
	public static void use(ConfigurableApplicationContext context, String url) {
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context, "spring.datasource.url=" + url,
				"spring.datasource.username=" + APP.name(), "spring.datasource.password=" + APP.password(),
				"spring.flyway.user=" + OWNER.name(), "spring.flyway.password=" + OWNER.password());
	}

	/** Creates an empty database owned by {@link #OWNER} and returns its JDBC URL. */
	public static synchronized String newDatabase() {
		String name = "test_" + databases.incrementAndGet();
		try (Connection connection = server().getPostgresDatabase().getConnection()) {
			DatabaseRoles.createDatabase(connection, name, OWNER.name());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create test database " + name, ex);
		}
		// Not zonky's getJdbcUrl: it names the superuser in the URL, which overrides the
		// user a connection asks for.
		return "jdbc:postgresql://localhost:" + server().getPort() + "/" + name;
	}

	/** The server's superuser on the database at {@code url}. */
	public static Connection superuserConnection(String url) throws SQLException {
		return DriverManager.getConnection(url, "postgres", "postgres");
	}

	/** The owner of the database at {@code url}, as Flyway connects. */
	public static Connection ownerConnection(String url) throws SQLException {
		return DriverManager.getConnection(url, OWNER.name(), OWNER.password());
	}

	private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server() {
		if (server == null) {
			try {
				io.zonky.test.db.postgres.embedded.EmbeddedPostgres started = io.zonky.test.db.postgres.embedded.EmbeddedPostgres
					.builder()
					// Each Spring context a test JVM caches keeps its pools open:
					// zonky's default, 300, ran out in CI when one more context came.
					.setServerConfig("max_connections", "600")
					.start();
				try (Connection connection = started.getPostgresDatabase().getConnection()) {
					DatabaseRoles.create(connection, OWNER, APP);
				}
				server = started;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start embedded PostgreSQL", ex);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Cannot create the test roles", ex);
			}
		}
		return server;
	}

}
