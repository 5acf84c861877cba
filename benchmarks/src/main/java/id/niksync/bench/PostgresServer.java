package id.niksync.bench;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL 15 (zonky's binaries) as a server process with the durability a production
 * database has: zonky turns {@code fsync} and {@code synchronous_commit} off for tests,
 * and they are turned back on here. It can be stopped and started again on the same data
 * (the replica outage).
 */
final class PostgresServer implements AutoCloseable {

	static final String USER = "postgres";

	/** Production-like settings; written into the results. */
	static final Map<String, String> SETTINGS = settings();

	private final Path dataDir;

	private final int port;

	private final String database;

	private EmbeddedPostgres postgres;

	private PostgresServer(Path dataDir, int port, String database) {
		this.dataDir = dataDir;
		this.port = port;
		this.database = database;
	}

	static PostgresServer start(Path dataDir, int port, String database) throws IOException, SQLException {
		PostgresServer server = new PostgresServer(dataDir, port, database);
		server.start();
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE \"" + database + "\"");
		}
		return server;
	}

	void start() throws IOException {
		Files.createDirectories(this.dataDir.getParent());
		Path log = this.dataDir.resolveSibling(this.dataDir.getFileName() + ".log");
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDir)
			.setCleanDataDirectory(false)
			.setPort(this.port)
			.setOutputRedirector(Redirect.appendTo(log.toFile()))
			.setErrorRedirector(Redirect.appendTo(log.toFile()));
		SETTINGS.forEach(builder::setServerConfig);
		this.postgres = builder.start();
	}

	/** Stops the server ({@code pg_ctl stop -m fast}); its data stays. */
	void stop() throws IOException {
		this.postgres.close();
		this.postgres = null;
	}

	/** The server's postmaster, from its pid file (empty while stopped). */
	java.util.Optional<Long> postmasterPid() {
		try {
			return java.util.Optional
				.of(Long.parseLong(Files.readAllLines(this.dataDir.resolve("postmaster.pid")).get(0).trim()));
		}
		catch (IOException | RuntimeException ex) {
			return java.util.Optional.empty();
		}
	}

	String jdbcUrl() {
		return jdbcUrl(this.database);
	}

	private String jdbcUrl(String db) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + db;
	}

	Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), USER, "");
	}

	String setting(String name) throws SQLException {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				var rs = statement.executeQuery("SHOW " + name)) {
			rs.next();
			return rs.getString(1);
		}
	}

	@Override
	public void close() throws IOException {
		if (this.postgres != null) {
			stop();
		}
	}

	private static Map<String, String> settings() {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("fsync", "on");
		settings.put("synchronous_commit", "on");
		settings.put("full_page_writes", "on");
		settings.put("shared_buffers", "512MB");
		settings.put("max_wal_size", "4GB");
		settings.put("checkpoint_timeout", "15min");
		settings.put("max_connections", "200");
		return settings;
	}

}
