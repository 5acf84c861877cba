package id.niksync.localstack;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

import id.niksync.localstack.LocalStack.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a started local stack. {@link #close()} stops them in reverse order of
 * start: partner-sync-service, registry-service, Kafka, then the two PostgreSQL servers,
 * so nothing loses its broker or database while it is still shutting down.
 */
public final class RunningStack implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RunningStack.class);

	private static final String HOST = "127.0.0.1";

	private final Settings settings;

	private final Deque<Part> parts = new ArrayDeque<>();

	private final CountDownLatch stopped = new CountDownLatch(1);

	private boolean closed;

	private int seeded;

	RunningStack(Settings settings) {
		this.settings = settings;
	}

	/**
	 * Keeps a started part so that {@link #close()} stops it; a part that finishes
	 * starting after the stack was closed (Ctrl-C during start-up) is stopped at once.
	 */
	synchronized <T extends AutoCloseable> T add(String name, T part) {
		if (this.closed) {
			stop(new Part(name, part));
			throw new IllegalStateException("The local stack was stopped while starting " + name);
		}
		this.parts.push(new Part(name, part));
		return part;
	}

	private KafkaPart kafka;

	void kafka(KafkaPart part) {
		this.kafka = part;
	}

	/** The broker, to stage an outage. */
	KafkaPart kafka() {
		return this.kafka;
	}

	void seeded(int count) {
		this.seeded = count;
	}

	public Settings settings() {
		return this.settings;
	}

	public String registryUrl() {
		return "http://" + HOST + ":" + this.settings.registryPort();
	}

	public String syncUrl() {
		return "http://" + HOST + ":" + this.settings.syncPort();
	}

	public String bootstrapServers() {
		return HOST + ":" + this.settings.kafkaPort();
	}

	public String registryJdbcUrl() {
		return "jdbc:postgresql://" + HOST + ":" + this.settings.registryPgPort() + "/registry";
	}

	public String syncJdbcUrl() {
		return "jdbc:postgresql://" + HOST + ":" + this.settings.syncPgPort() + "/sync";
	}

	/** Demo residents registered by this start: 0 when the registry had them already. */
	public int seeded() {
		return this.seeded;
	}

	public synchronized boolean isClosed() {
		return this.closed;
	}

	/**
	 * Stops everything that was started, in reverse order; calling it again does nothing.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		long started = System.nanoTime();
		while (!this.parts.isEmpty()) {
			stop(this.parts.pop());
		}
		log.info("Local stack stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
		this.stopped.countDown();
	}

	/** Blocks until {@link #close()} has stopped everything. */
	void awaitClosed() throws InterruptedException {
		this.stopped.await();
	}

	private static void stop(Part part) {
		log.info("Stopping {}", part.name());
		try {
			part.resource().close();
		}
		catch (Exception ex) {
			log.warn("{} did not stop cleanly", part.name(), ex);
		}
	}

	private record Part(String name, AutoCloseable resource) {

	}

}
