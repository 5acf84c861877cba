package id.niksync.registry.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sql.DataSource;

import id.niksync.identity.Nik;
import id.niksync.schemas.signing.EventSigner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Publishes pending outbox rows to Kafka, oldest first, in batches, each batch one Kafka
 * transaction, and removes the rows from the outbox only after the transaction committed.
 * A batch that failed is aborted and sent again whole on the next attempt; consumers read
 * committed records only, so they never see a record of an aborted batch. Every record is
 * signed ({@link EventSigner}); replicas refuse one that is not.
 *
 * <p>
 * One relay publishes at a time across all registry instances ({@link RelayLeadership}),
 * which keeps the topic in changeSeq order per NIK. Every term of leadership starts by
 * taking over: the producer's transactional id is the same on every instance, so
 * initialising it fences a previous leader that might still be sending and aborts its
 * open transaction; then {@link PublishedTail} reads what is on the topic and the rows
 * found there are removed, not sent again. The same happens after a batch whose outcome
 * is not known (its commit failed, or removing its rows did). So no record is published
 * twice, and no older version of a NIK ever follows a newer one on the topic.
 */
@Component
class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	private static final Duration STOP_GRACE = Duration.ofSeconds(5);

	/**
	 * The end of both removals: the rows a {@code removed} step deleted, counted in
	 * {@code outbox_relay_stats} and returned as their number.
	 */
	private static final String COUNTED = """

			counted AS (
			    UPDATE outbox_relay_stats SET published_total = published_total + (SELECT count(*) FROM removed),
			        last_published_id = greatest(last_published_id, (SELECT max(id) FROM removed)))
			SELECT count(*)::int FROM removed""";

	/**
	 * Published rows leave the outbox (V8): what is left is pending. The leader is the
	 * only writer of {@code outbox_relay_stats}.
	 */
	private static final String REMOVE_PUBLISHED = """
			WITH removed AS (
			    DELETE FROM outbox WHERE id = ANY(?) RETURNING id),""" + COUNTED;

	/**
	 * {@link #REMOVE_PUBLISHED} for a take-over: a row goes only if a record on the topic
	 * has its id, NIK and payload ({@link PublishedTail}).
	 */
	private static final String REMOVE_FOUND_ON_TOPIC = """
			WITH removed AS (
			    DELETE FROM outbox o USING unnest(?::bigint[], ?::text[], ?::bytea[]) AS t(id, nik, payload_sha256)
			    WHERE o.id = t.id AND o.nik = t.nik AND sha256(o.payload) = t.payload_sha256
			    RETURNING o.id),""" + COUNTED;

	private final JdbcClient jdbc;

	private final Supplier<Producer<String, byte[]>> producers;

	private final RelayLeadership leadership;

	private final PublishedTail tail;

	private final TopicProperties topic;

	private final EventSigner signer;

	private final OutboxProperties settings;

	private final Counter published;

	private final Counter failed;

	private final DistributionSummary batches;

	private final PendingFloor floor = new PendingFloor(PendingFloor.INTERVAL);

	private final Object signal = new Object();

	private boolean signalled;

	private volatile boolean running;

	private Thread worker;

	/** Only the relay's thread uses it; null until a term's take-over has succeeded. */
	private Producer<String, byte[]> producer;

	/** The leadership term {@link #producer} was set up in. */
	private long producerTerm;

	OutboxRelay(JdbcClient jdbc, RelayClients clients, DataSource dataSource, TopicProperties topic, EventSigner signer,
			OutboxProperties settings, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.producers = clients::producer;
		this.leadership = new RelayLeadership(dataSource);
		this.tail = new PublishedTail(clients::tailReader, topic.name(), settings.sendTimeout());
		this.topic = topic;
		this.signer = signer;
		this.settings = settings;
		this.published = Counter.builder("niksync.outbox.published")
			.description("Outbox rows acknowledged by Kafka and removed from the outbox")
			.register(meters);
		this.failed = Counter.builder("niksync.outbox.send.failures")
			.description("Outbox rows whose send failed; they stay pending and are retried")
			.register(meters);
		this.batches = DistributionSummary.builder("niksync.outbox.batch.records")
			.description("Records per Kafka transaction the relay committed")
			.baseUnit("records")
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
	 * Publishes at most one batch. Called by the relay's own thread only.
	 * @return what happened to the batch
	 */
	BatchOutcome publishBatch() throws SQLException {
		long term = this.leadership.lead();
		if (term == 0) {
			closeProducer();
			return BatchOutcome.NOT_LEADER;
		}
		if (this.producer == null || this.producerTerm != term) {
			// At once, not with the first change: a term starts before anything waits,
			// so the first change after a start or a failover goes out without this cost.
			try {
				takeOver(term);
			}
			catch (KafkaException ex) {
				closeProducer();
				List<PendingRow> waiting = pending();
				if (waiting.isEmpty()) {
					throw ex;
				}
				return failed(waiting, ex);
			}
		}
		List<PendingRow> rows = pending();
		if (rows.isEmpty()) {
			return BatchOutcome.EMPTY;
		}
		List<ProducerRecord<String, byte[]>> records = signed(rows);
		try {
			this.producer.beginTransaction();
			for (int i = 0; i < rows.size(); i++) {
				PendingRow row = rows.get(i);
				this.producer.send(records.get(i), (metadata, ex) -> {
					if (ex != null) {
						log.debug("Outbox row {} (NIK {}) not acknowledged: {}", row.id(), Nik.mask(row.nik()),
								ex.toString());
					}
				});
			}
			commit();
		}
		catch (KafkaException ex) {
			// Whatever the error, start over: a new producer fences this one, aborts its
			// transaction if it is still open, and the tail says whether a commit that
			// timed out did happen.
			closeProducer();
			return failed(rows, ex);
		}
		try {
			removePublished(rows.stream().map(PendingRow::id).toList());
		}
		catch (RuntimeException ex) {
			// Published but not removed: the next take-over finds them on the topic.
			closeProducer();
			throw ex;
		}
		this.published.increment(rows.size());
		this.batches.record(rows.size());
		return new BatchOutcome(rows.size(), rows.size());
	}

	/**
	 * Flushes the batch and commits it; fails when any record of it failed. A commit that
	 * timed out (each try waits up to the producer's {@code max.block.ms}) may be tried
	 * again, until {@code niksync.outbox.send-timeout}.
	 */
	private void commit() {
		long deadline = System.nanoTime() + this.settings.sendTimeout().toNanos();
		while (true) {
			try {
				this.producer.commitTransaction();
				return;
			}
			catch (TimeoutException ex) {
				if (!this.running || System.nanoTime() - deadline > 0) {
					throw ex;
				}
				log.info("Outbox relay: Kafka has not confirmed the batch's commit yet, waiting on");
			}
		}
	}

	/** The oldest pending rows, from the {@link PendingFloor} up. */
	private List<PendingRow> pending() {
		boolean mayMoveFloor = this.floor.beforeScan(this.jdbc);
		List<PendingRow> rows = this.jdbc.sql("SELECT id, nik, payload FROM outbox WHERE id >= ? ORDER BY id LIMIT ?")
			.params(this.floor.value(), this.settings.batchSize())
			.query((rs, n) -> new PendingRow(rs.getLong(1), rs.getString(2), rs.getBytes(3)))
			.list();
		if (mayMoveFloor) {
			this.floor.afterScan(rows.isEmpty() ? -1 : rows.get(0).id());
		}
		return rows;
	}

	/** The lowest id the relay's next scan starts at. */
	long pendingFloor() {
		return this.floor.value();
	}

	/**
	 * A new producer (fencing any earlier one with the same transactional id, and
	 * aborting its open transaction), then the rows already on the topic removed.
	 * @return how many pending rows were found published
	 */
	private int takeOver(long term) {
		closeProducer();
		this.floor.reset();
		Producer<String, byte[]> fresh = this.producers.get();
		try {
			fresh.initTransactions();
			// A committed batch holds at most batchSize records, all at the end of their
			// partitions, as every earlier batch was removed. Records written by anyone
			// else after it can push it out of that window: its rows are then sent a
			// second time, which the replicas' version guard drops as stale.
			List<PublishedTail.Published> onTopic = this.tail.published(this.settings.batchSize() + 16);
			int removed = onTopic.isEmpty() ? 0 : removeFoundOnTopic(onTopic);
			if (removed > 0) {
				log.info("Outbox relay took over: {} pending row(s) were already on {}, removed", removed,
						this.topic.name());
				this.published.increment(removed);
			}
			this.producer = fresh;
			this.producerTerm = term;
			return removed;
		}
		catch (RuntimeException | Error ex) {
			// an Error too: the relay tries again, each time with a new producer
			fresh.close(Duration.ZERO);
			throw ex;
		}
	}

	/**
	 * Removes the rows and counts them in {@code outbox_relay_stats} with one statement,
	 * so a batch costs one round trip here instead of a transaction of four (begin, the
	 * delete, the update, commit). A single statement commits or fails whole.
	 * @return rows removed (a row already removed is not counted again)
	 */
	private int removePublished(List<Long> ids) {
		return this.jdbc.sql(REMOVE_PUBLISHED).param(ids.toArray(Long[]::new)).query(Integer.class).single();
	}

	/**
	 * Removes the rows that the records found on the topic are copies of, and counts
	 * them, with one statement.
	 * @return rows removed
	 */
	private int removeFoundOnTopic(List<PublishedTail.Published> onTopic) {
		Long[] ids = onTopic.stream().map(PublishedTail.Published::outboxId).toArray(Long[]::new);
		String[] niks = onTopic.stream().map(PublishedTail.Published::nik).toArray(String[]::new);
		byte[][] digests = onTopic.stream().map(PublishedTail.Published::valueSha256).toArray(byte[][]::new);
		return this.jdbc.sql(REMOVE_FOUND_ON_TOPIC).params(ids, niks, digests).query(Integer.class).single();
	}

	private BatchOutcome failed(List<PendingRow> rows, KafkaException ex) {
		log.warn("Outbox relay: a batch of {} record(s) (the first for NIK {}) was not published; it stays pending: {}",
				rows.size(), Nik.mask(rows.get(0).nik()), rootCause(ex).toString());
		this.failed.increment(rows.size());
		return new BatchOutcome(rows.size(), 0);
	}

	private void closeProducer() {
		if (this.producer != null) {
			try {
				this.producer.close(Duration.ZERO);
			}
			catch (RuntimeException | Error ex) {
				// an Error too: what broke the producer may break its close
				log.debug("Closing the relay's producer: {}", ex.toString());
			}
			finally {
				this.producer = null;
			}
		}
	}

	/**
	 * The rows as records, signed together ({@link EventSigner#signTogether}: one
	 * signature per 64 records) over the key's bytes as the producer's
	 * {@code StringSerializer} writes them (UTF-8), each with its row's id for a later
	 * take-over.
	 */
	private List<ProducerRecord<String, byte[]>> signed(List<PendingRow> rows) {
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>(rows.size());
		List<EventSigner.Unsigned> unsigned = new ArrayList<>(rows.size());
		for (PendingRow row : rows) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topic.name(), row.nik(), row.payload());
			record.headers().add(PublishedTail.OUTBOX_ID, PublishedTail.header(row.id()));
			unsigned.add(new EventSigner.Unsigned(record.topic(), row.nik().getBytes(StandardCharsets.UTF_8),
					row.payload(), record.headers()));
			records.add(record);
		}
		this.signer.signTogether(unsigned);
		return records;
	}

	private void run() {
		try {
			runUntilStopped();
		}
		finally {
			try {
				closeProducer();
			}
			finally {
				this.leadership.close();
			}
		}
	}

	private void runUntilStopped() {
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
			catch (SQLException | RuntimeException ex) {
				log.warn("Outbox relay attempt failed, retrying in {}: {}", backoff, rootCause(ex).toString());
				pause = backoff;
				backoff = min(backoff.multipliedBy(2), this.settings.maxBackoff());
			}
			catch (Error ex) {
				// Nothing this loop expects (a class that fails to load, a stack
				// overflow): start over after the back-off with a new producer, and
				// let another instance lead meanwhile if it can. Ending the thread
				// would leave every change pending until a restart, the service up.
				try {
					closeProducer();
				}
				finally {
					this.leadership.close();
				}
				log.error("Outbox relay attempt failed unexpectedly, retrying in {}", backoff, ex);
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
			// Give an in-flight batch a moment to finish; past that, interrupt it. A
			// batch cut short is aborted (or found on the topic by the next leader) and
			// sent once; the lead is given up as the thread ends.
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
