package id.niksync.registry.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import id.niksync.schemas.signing.EventSigner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes pending outbox rows to Kafka, oldest first, in batches, and marks a row
 * published only after Kafka acknowledged it ({@code acks=all}, idempotent producer). A
 * row whose send failed stays pending and is sent again on the next attempt: delivery is
 * at least once, and replicas discard duplicates by version. Every record is signed
 * ({@link EventSigner}); replicas refuse one that is not.
 *
 * <p>
 * One relay publishes at a time across all registry instances (a transaction-scoped
 * PostgreSQL advisory lock), which keeps the topic in changeSeq order per NIK.
 */
@Component
class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	/** Advisory lock key; any constant shared by all instances of the registry. */
	private static final long RELAY_LOCK = 0x4E494B5359_4E43L;

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	private static final Duration STOP_GRACE = Duration.ofSeconds(5);

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final KafkaTemplate<String, byte[]> kafka;

	private final TopicProperties topic;

	private final EventSigner signer;

	private final OutboxProperties settings;

	private final Counter published;

	private final Counter failed;

	private final Object signal = new Object();

	private boolean signalled;

	private volatile boolean running;

	private Thread worker;

	OutboxRelay(JdbcClient jdbc, TransactionTemplate transaction, KafkaTemplate<String, byte[]> kafka,
			TopicProperties topic, EventSigner signer, OutboxProperties settings, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.kafka = kafka;
		this.topic = topic;
		this.signer = signer;
		this.settings = settings;
		this.published = Counter.builder("niksync.outbox.published")
			.description("Outbox rows acknowledged by Kafka and marked published")
			.register(meters);
		this.failed = Counter.builder("niksync.outbox.send.failures")
			.description("Outbox rows whose send failed; they stay pending and are retried")
			.register(meters);
	}

	/** Asks the relay to look at the outbox now rather than at its next poll. */
	void wakeUp() {
		synchronized (this.signal) {
			this.signalled = true;
			this.signal.notifyAll();
		}
	}

	/**
	 * Publishes at most one batch.
	 * @return what happened to the batch
	 */
	BatchOutcome publishBatch() {
		BatchOutcome outcome = this.transaction.execute((tx) -> {
			boolean leader = this.jdbc.sql("SELECT pg_try_advisory_xact_lock(?)")
				.param(RELAY_LOCK)
				.query(Boolean.class)
				.single();
			if (!leader) {
				return BatchOutcome.NOT_LEADER;
			}
			List<PendingRow> rows = this.jdbc
				.sql("SELECT id, nik, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ?")
				.param(this.settings.batchSize())
				.query((rs, n) -> new PendingRow(rs.getLong(1), rs.getString(2), rs.getBytes(3)))
				.list();
			if (rows.isEmpty()) {
				return BatchOutcome.EMPTY;
			}
			List<Long> acknowledged = send(rows);
			if (!acknowledged.isEmpty()) {
				int marked = this.jdbc.sql("UPDATE outbox SET published_at = now() WHERE id = ANY(?)")
					.param(acknowledged.toArray(Long[]::new))
					.update();
				// the relay holds the advisory lock: no other writer of this row
				this.jdbc.sql("UPDATE outbox_relay_stats SET published_total = published_total + ?")
					.param(marked)
					.update();
			}
			return new BatchOutcome(rows.size(), acknowledged.size());
		});
		this.published.increment(outcome.published());
		this.failed.increment(outcome.attempted() - outcome.published());
		return outcome;
	}

	private List<Long> send(List<PendingRow> rows) {
		List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(rows.size());
		for (PendingRow row : rows) {
			try {
				sends.add(this.kafka.send(signed(row)));
			}
			catch (RuntimeException ex) {
				// Typically no metadata within max.block.ms: the broker is unreachable.
				// Stop here;
				// later rows would only block for the same time.
				log.warn("Outbox relay could not hand a record to the producer: {}", ex.toString());
				break;
			}
		}
		long deadline = System.nanoTime() + this.settings.sendTimeout().toNanos();
		List<Long> acknowledged = new ArrayList<>(sends.size());
		Throwable firstFailure = null;
		for (int i = 0; i < sends.size(); i++) {
			try {
				sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				acknowledged.add(rows.get(i).id());
			}
			catch (ExecutionException | TimeoutException ex) {
				firstFailure = (firstFailure != null) ? firstFailure : ex;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		if (firstFailure != null) {
			log.warn("Outbox relay: {} of {} records not acknowledged by Kafka, they stay pending: {}",
					rows.size() - acknowledged.size(), rows.size(), rootCause(firstFailure).toString());
		}
		return acknowledged;
	}

	/**
	 * The row as a record, signed over the key's bytes as the producer's
	 * {@code StringSerializer} writes them (UTF-8).
	 */
	private ProducerRecord<String, byte[]> signed(PendingRow row) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topic.name(), row.nik(), row.payload());
		this.signer.sign(record.topic(), row.nik().getBytes(StandardCharsets.UTF_8), row.payload(), record.headers());
		return record;
	}

	private void run() {
		Duration backoff = FIRST_BACKOFF;
		while (this.running) {
			Duration pause;
			try {
				BatchOutcome outcome = publishBatch();
				if (outcome.hasFailures()) {
					pause = backoff;
					backoff = min(backoff.multipliedBy(2), this.settings.maxBackoff());
				}
				else {
					backoff = FIRST_BACKOFF;
					pause = outcome.full(this.settings.batchSize()) ? Duration.ZERO : this.settings.pollInterval();
				}
			}
			catch (RuntimeException ex) {
				log.warn("Outbox relay attempt failed, retrying in {}: {}", backoff, rootCause(ex).toString());
				pause = backoff;
				backoff = min(backoff.multipliedBy(2), this.settings.maxBackoff());
			}
			await(pause);
		}
	}

	private void await(Duration pause) {
		if (pause.isZero()) {
			return;
		}
		synchronized (this.signal) {
			long deadline = System.nanoTime() + pause.toNanos();
			while (!this.signalled && this.running) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					break;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.signal, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			this.signalled = false;
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.worker = new Thread(this::run, "outbox-relay");
		this.worker.setDaemon(true);
		this.worker.start();
	}

	@Override
	public void stop() {
		this.running = false;
		wakeUp();
		try {
			// Give an in-flight batch a moment to finish; past that, interrupt it. Rows
			// it could not
			// mark published stay pending and are sent again after the restart
			// (duplicates are harmless).
			this.worker.join(STOP_GRACE.toMillis());
			if (this.worker.isAlive()) {
				this.worker.interrupt();
				this.worker.join(STOP_GRACE.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	private record PendingRow(long id, String nik, byte[] payload) {
	}

	/** What one attempt did: rows read, and rows Kafka acknowledged. */
	record BatchOutcome(int attempted, int published) {

		static final BatchOutcome EMPTY = new BatchOutcome(0, 0);

		static final BatchOutcome NOT_LEADER = new BatchOutcome(0, 0);

		boolean hasFailures() {
			return this.published < this.attempted;
		}

		boolean full(int batchSize) {
			return this.attempted >= batchSize;
		}

	}

}
