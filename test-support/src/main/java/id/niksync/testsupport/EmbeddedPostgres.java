package id.niksync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Real PostgreSQL 15 for the services' tests: one server per test JVM, one fresh database
 * per Spring context ({@code @ContextConfiguration(initializers =
 * EmbeddedPostgres.class)}).
 */
public class EmbeddedPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final AtomicInteger databases = new AtomicInteger();

	private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		String url = newDatabase();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context, "spring.datasource.url=" + url,
				"spring.datasource.username=postgres", "spring.datasource.password=postgres");
	}

	/** Creates an empty database and returns its JDBC URL. */
	public static synchronized String newDatabase() {
		String name = "test_" + databases.incrementAndGet();
		try (Connection connection = server().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create test database " + name, ex);
		}
		return server().getJdbcUrl("postgres", name);
	}

	private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server() {
		if (server == null) {
			try {
				server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start embedded PostgreSQL", ex);
			}
		}
		return server;
	}

}
