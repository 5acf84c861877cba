package id.niksync.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 15 server for one service: zonky's embedded binaries run as a child
 * process, with the data directory kept on disk ({@code initdb} only when it is new) and
 * the server's own log written next to it.
 */
final class PostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

	static final String USER = "postgres";

	static final String PASSWORD = "postgres";

	private final EmbeddedPostgres postgres;

	private final String database;

	private PostgresServer(EmbeddedPostgres postgres, String database) {
		this.postgres = postgres;
		this.database = database;
	}

	/**
	 * Start the server (initialising {@code dataDir} if it is empty) and create the
	 * database if it does not exist yet.
	 */
	static PostgresServer start(Path dataDir, int port, String database) throws IOException {
		Files.createDirectories(dataDir.getParent());
		Path serverLog = dataDir.resolveSibling(dataDir.getFileName() + ".log");
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setPort(port)
			.setOutputRedirector(Redirect.appendTo(serverLog.toFile()))
			.setErrorRedirector(Redirect.appendTo(serverLog.toFile()))
			.start();
		PostgresServer server = new PostgresServer(postgres, database);
		try {
			server.createDatabaseIfAbsent();
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
		log.info("PostgreSQL for '{}' on port {}, data in {}", database, port, dataDir);
		return server;
	}

	/**
	 * Stops a server that an earlier run left behind in {@code dataDir}: PostgreSQL runs
	 * as a separate process and outlives a JVM that was killed ({@code kill -9}, a
	 * crash).
	 */
	static void stopLeftover(Path dataDir) throws IOException {
		Path pidFile = dataDir.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		refuseIfOwnedByALiveStack(dataDir);
		long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
		ProcessHandle leftover = ProcessHandle.of(pid)
			.filter((process) -> process.info().command().map((command) -> command.endsWith("/postgres")).orElse(false))
			.orElse(null);
		if (leftover == null) {
			return;
		}
		log.warn("Stopping PostgreSQL (pid {}) left running in {} by a run that did not stop cleanly", pid, dataDir);
		// SIGTERM, a "smart" shutdown: its clients died with the old JVM, so it exits at
		// once.
		leftover.destroy();
		try {
			leftover.onExit().get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while stopping PostgreSQL pid " + pid, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IOException("PostgreSQL pid " + pid + " (data in " + dataDir + ") did not stop; stop it by hand",
					ex);
		}
	}

	private void createDatabaseIfAbsent() {
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection()) {
			try (PreparedStatement exists = connection
				.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
				exists.setString(1, this.database);
				try (ResultSet result = exists.executeQuery()) {
					if (result.next()) {
						return;
					}
				}
			}
			try (Statement create = connection.createStatement()) {
				create.execute("CREATE DATABASE \"" + this.database + "\"");
			}
			log.info("Created database '{}'", this.database);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create database " + this.database, ex);
		}
	}

	/**
	 * zonky holds a lock on {@code epg-lock} in the data directory while its server runs;
	 * the lock dies with the JVM, so a held lock means another stack is using this
	 * server.
	 */
	private static void refuseIfOwnedByALiveStack(Path dataDir) throws IOException {
		Path lockFile = dataDir.resolve("epg-lock");
		if (!Files.exists(lockFile)) {
			return;
		}
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
				FileLock lock = channel.tryLock()) {
			if (lock != null) {
				return;
			}
		}
		catch (OverlappingFileLockException ex) {
			// held by this JVM
		}
		throw new IOException("The PostgreSQL server in " + dataDir
				+ " belongs to a local stack that is still running; stop that one first");
	}

	/** Stops the server ({@code pg_ctl stop -m fast}) and waits for it to exit. */
	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
