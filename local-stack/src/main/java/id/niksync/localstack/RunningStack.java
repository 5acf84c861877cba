package id.niksync.localstack;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;

import id.niksync.localstack.LocalStack.Settings;

/**
 * A started local stack: the {@link Stack} with the local stack's settings and what
 * seeding did. {@link #close()} stops everything; the data stays.
 */
public final class RunningStack implements AutoCloseable {

	private final Settings settings;

	private final Stack stack;

	private final CountDownLatch stopped = new CountDownLatch(1);

	private int seeded;

	private volatile boolean stopRequested;

	RunningStack(Settings settings, Stack stack) {
		this.settings = settings;
		this.stack = stack;
	}

	void seeded(int count) {
		this.seeded = count;
	}

	public Settings settings() {
		return this.settings;
	}

	/** Everything that runs, for tests and tools that need more than the URLs. */
	public Stack stack() {
		return this.stack;
	}

	public String registryUrl() {
		return this.stack.registryUrl();
	}

	public String syncUrl() {
		return this.stack.syncUrl();
	}

	public String bootstrapServers() {
		return this.stack.broker().bootstrapServers();
	}

	public String registryJdbcUrl() {
		return this.stack.registryDb().jdbcUrl();
	}

	public String syncJdbcUrl() {
		return this.stack.replicaDb().jdbcUrl();
	}

	/**
	 * A connection to the registry's database as the superuser {@code postgres}, with the
	 * password this stack's directory keeps.
	 */
	public Connection registryDbAsSuperuser() throws SQLException {
		return this.stack.registryDb().connect();
	}

	/** As {@link #registryDbAsSuperuser()}, to the replica's database. */
	public Connection syncDbAsSuperuser() throws SQLException {
		return this.stack.replicaDb().connect();
	}

	/** The broker, to stage an outage. */
	public KafkaBroker kafka() {
		return this.stack.broker();
	}

	/** Demo residents registered by this start: 0 when the registry had them already. */
	public int seeded() {
		return this.seeded;
	}

	/** Ctrl-C, kill: stop, and remember that it was asked for (not a failure). */
	void requestStop() {
		this.stopRequested = true;
		close();
	}

	boolean stopRequested() {
		return this.stopRequested;
	}

	@Override
	public void close() {
		this.stack.close();
		this.stopped.countDown();
	}

	/** Blocks until {@link #close()} has stopped everything. */
	void awaitClosed() throws InterruptedException {
		this.stopped.await();
	}

}
