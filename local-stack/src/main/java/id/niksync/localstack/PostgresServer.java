package id.niksync.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import id.niksync.testsupport.DatabaseRoles;
import id.niksync.testsupport.DatabaseRoles.Role;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 15 server for one service: zonky's embedded binaries run as a server
 * process of its own, with the data directory kept on disk ({@code initdb} only when it
 * is new, which makes it readable by its owner only) and the server's own log written
 * next to it. It can be stopped and started again on the same data (an outage). Its
 * database belongs to an owner role, as in production, and the service gets a role of its
 * own ({@link DatabaseRoles}); {@link #connect()} is the superuser, for the launcher and
 * tools only. Every connection, the superuser's too, needs its role's password
 * ({@code scram-sha-256} in {@code pg_hba.conf}): a new data directory never trusts
 * anyone, and one an older launcher made trusting every local connection is converted on
 * start.
 */
public final class PostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

	public static final String USER = "postgres";

	private static final String PASSWORD_AUTHENTICATION = "scram-sha-256";

	/** {@code trust} as the method of a {@code pg_hba.conf} line (before any comment). */
	private static final Pattern TRUST = Pattern.compile("(?<=\\s)trust(?=\\s|$)");

	private final Path dataDir;

	private final int port;

	private final String database;

	private final String superuserPassword;

	private final Role owner;

	private final Role app;

	private final Map<String, String> config;

	private EmbeddedPostgres postgres;

	private PostgresServer(Path dataDir, int port, String database, String superuserPassword, Role owner, Role app,
			Map<String, String> config) {
		this.dataDir = dataDir.toAbsolutePath().normalize();
		this.port = port;
		this.database = database;
		this.superuserPassword = superuserPassword;
		this.owner = owner;
		this.app = app;
		this.config = Map.copyOf(config);
	}

	/**
	 * Start the server (initialising {@code dataDir} if it is empty, stopping a server an
	 * earlier run left there), create the roles and the database owned by {@code owner}
	 * if they do not exist yet (and give the owner what an older run's superuser
	 * created). The superuser {@code postgres} has {@code superuserPassword} (set by
	 * {@code initdb}, or on the first start of a directory an older launcher made).
	 * {@code config} holds server settings ({@code fsync}, {@code shared_buffers}, …).
	 */
	public static PostgresServer start(Path dataDir, int port, String database, String superuserPassword, Role owner,
			Role app, Map<String, String> config) throws IOException {
		stopLeftover(dataDir);
		PostgresServer server = new PostgresServer(dataDir, port, database, superuserPassword, owner, app, config);
		server.start();
		try {
			server.createDatabase();
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
		log.info("PostgreSQL for '{}' on port {}, data in {}", database, port, server.dataDir);
		return server;
	}

	/** Starts the server again on its data after {@link #stop()}. */
	public synchronized void start() throws IOException {
		if (this.postgres != null) {
			return;
		}
		Files.createDirectories(this.dataDir.getParent());
		Path serverLog = this.dataDir.resolveSibling(this.dataDir.getFileName() + ".log");
		// zonky runs initdb where there is no PG_VERSION yet.
		boolean fresh = !Files.exists(this.dataDir.resolve("PG_VERSION"));
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDir)
			.setCleanDataDirectory(false)
			// The launcher stops its servers after the services (a watchdog, if it dies):
			// zonky's hook would stop them while the services are still closing.
			.setRegisterShutdownHook(false)
			.setPort(this.port)
			.setOutputRedirector(Redirect.appendTo(serverLog.toFile()))
			.setErrorRedirector(Redirect.appendTo(serverLog.toFile()))
			// zonky's readiness check and getPostgresDatabase() connect as the superuser.
			.setConnectConfig("password", this.superuserPassword);
		this.config.forEach(builder::setServerConfig);
		Path passwordFile = null;
		try {
			if (fresh) {
				// zonky runs "initdb -A trust -U postgres …" and appends these as
				// --auth=… --pwfile=…: the later --auth wins, for local and host lines.
				passwordFile = superuserPasswordFile();
				builder.setLocaleConfig("auth", PASSWORD_AUTHENTICATION)
					.setLocaleConfig("pwfile", passwordFile.toString());
			}
			this.postgres = builder.start();
		}
		catch (IOException | RuntimeException ex) {
			if (fresh) {
				throw ex;
			}
			throw new IOException("PostgreSQL in " + this.dataDir + " did not start or refused the superuser's password"
					+ " (see " + serverLog + "); if the stack's " + DatabasePasswords.FILE
					+ " was deleted after this data was made, delete the data to start afresh", ex);
		}
		finally {
			if (passwordFile != null) {
				Files.deleteIfExists(passwordFile);
			}
		}
		requirePasswords();
	}

	/**
	 * For {@code initdb --pwfile}: next to the data directory (in the stack's private
	 * directory), readable by its owner only, deleted once the server runs.
	 */
	private Path superuserPasswordFile() throws IOException {
		Path file = this.dataDir.resolveSibling(this.dataDir.getFileName() + ".pwfile");
		Files.deleteIfExists(file);
		Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(file, this.superuserPassword + "\n", StandardCharsets.UTF_8);
		return file;
	}

	/**
	 * A data directory an older launcher made (zonky's {@code initdb -A trust}, no
	 * password for {@code postgres}): gives the superuser its password, then makes every
	 * {@code trust} line of {@code pg_hba.conf} require a password and has the server
	 * reload it. Nothing to do on a directory made since.
	 */
	private void requirePasswords() throws IOException {
		Path hba = this.dataDir.resolve("pg_hba.conf");
		List<String> lines = Files.readAllLines(hba, StandardCharsets.UTF_8);
		List<String> withPasswords = lines.stream().map(PostgresServer::withoutTrust).toList();
		if (withPasswords.equals(lines)) {
			return;
		}
		log.warn("PostgreSQL in {} trusted every local connection (made by an older launcher): giving postgres its "
				+ "password and requiring passwords from every role", this.dataDir);
		// Still trusted: the password is not checked yet.
		try (Connection connection = connectToPostgresDatabase(); Statement statement = connection.createStatement()) {
			OffsetDateTime loaded = configLoadTime(statement);
			statement.execute("ALTER ROLE " + USER + " PASSWORD '" + this.superuserPassword.replace("'", "''") + "'");
			Path partial = hba.resolveSibling("pg_hba.conf.partial");
			Files.deleteIfExists(partial);
			Files.createFile(partial,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.write(partial, withPasswords, StandardCharsets.UTF_8);
			Files.move(partial, hba, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			statement.execute("SELECT pg_reload_conf()");
			awaitReloadedSince(loaded);
		}
		catch (SQLException ex) {
			throw new IOException("Cannot make PostgreSQL in " + this.dataDir + " require passwords", ex);
		}
	}

	static String withoutTrust(String line) {
		int comment = line.indexOf('#');
		String rule = (comment >= 0) ? line.substring(0, comment) : line;
		String rest = (comment >= 0) ? line.substring(comment) : "";
		return TRUST.matcher(rule).replaceAll(PASSWORD_AUTHENTICATION) + rest;
	}

	/**
	 * pg_reload_conf() only signals the postmaster: a connection made once it has
	 * reloaded (its backend inherits the new load time) is checked by the new rules.
	 */
	private void awaitReloadedSince(OffsetDateTime before) throws SQLException, IOException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (true) {
			try (Connection connection = connectToPostgresDatabase();
					Statement statement = connection.createStatement()) {
				if (configLoadTime(statement).isAfter(before)) {
					return;
				}
			}
			if (System.nanoTime() > deadline) {
				throw new IOException("PostgreSQL in " + this.dataDir + " did not reload pg_hba.conf within 30 s");
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while PostgreSQL reloaded pg_hba.conf", ex);
			}
		}
	}

	private static OffsetDateTime configLoadTime(Statement statement) throws SQLException {
		try (ResultSet result = statement.executeQuery("SELECT pg_conf_load_time()")) {
			result.next();
			return result.getObject(1, OffsetDateTime.class);
		}
	}

	/**
	 * Stops the server ({@code pg_ctl stop -m fast}) and waits for it; the data stays.
	 */
	public synchronized void stop() {
		if (this.postgres == null) {
			return;
		}
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.postgres = null;
		}
	}

	/**
	 * Stops the server as a crash would: SIGQUIT to the postmaster, which is what
	 * {@code pg_ctl stop -m immediate} sends (every process ends at once, no checkpoint:
	 * the next {@link #start()} recovers from the WAL), and waits until it has ended; the
	 * data stays. For fault runs. zonky, asked afterwards to stop a server that is gone,
	 * logs that it could not.
	 */
	public synchronized void stopImmediately() throws IOException, InterruptedException {
		if (this.postgres == null) {
			return;
		}
		long pid = postmasterPid().orElseThrow(() -> new IllegalStateException("No postmaster.pid in " + this.dataDir));
		ProcessHandle postmaster = ProcessHandle.of(pid)
			.orElseThrow(() -> new IllegalStateException("No postmaster (pid " + pid + ") for " + this));
		Process signal = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
		if (signal.waitFor() != 0) {
			throw new IllegalStateException(
					"Could not send SIGQUIT to the postmaster of " + this + " (pid " + pid + ")");
		}
		try {
			postmaster.onExit().get(60, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("The postmaster of " + this + " did not end within 60 s of SIGQUIT", ex);
		}
		// releases zonky's lock on the data directory
		stop();
	}

	public Path dataDir() {
		return this.dataDir;
	}

	public int port() {
		return this.port;
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + this.database;
	}

	/** The superuser's connection (the services connect as {@link #app()}). */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), USER, this.superuserPassword);
	}

	/** The superuser's connection to database {@code postgres}, which is always there. */
	private Connection connectToPostgresDatabase() throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + this.port + "/postgres", USER,
				this.superuserPassword);
	}

	/** The role Flyway migrates as. */
	public Role owner() {
		return this.owner;
	}

	/** The service's role. */
	public Role app() {
		return this.app;
	}

	/** A server setting as the running server reports it ({@code SHOW name}). */
	public String setting(String name) throws SQLException {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW " + name)) {
			result.next();
			return result.getString(1);
		}
	}

	/** The server's postmaster, from its pid file (empty while stopped). */
	public Optional<Long> postmasterPid() {
		try {
			return Optional
				.of(Long.parseLong(Files.readAllLines(this.dataDir.resolve("postmaster.pid")).get(0).trim()));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Stops a server that an earlier run left behind in {@code dataDir}: PostgreSQL runs
	 * as a separate process and outlives a launcher that was killed ({@code kill -9}, a
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
		// SIGTERM, a "smart" shutdown: its clients died with the old JVMs, so it exits at
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

	private void createDatabase() {
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection()) {
			DatabaseRoles.create(connection, this.owner, this.app);
			DatabaseRoles.createDatabase(connection, this.database, this.owner.name());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create database " + this.database, ex);
		}
		try (Connection connection = connect()) {
			DatabaseRoles.adopt(connection, this.owner.name());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot give database " + this.database + " to " + this.owner.name(), ex);
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

	@Override
	public String toString() {
		return "PostgreSQL '" + this.database + "' on port " + this.port;
	}

	@Override
	public void close() {
		stop();
	}

}
