package id.niksync.sync.lag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import id.niksync.access.DatabaseUnavailable;
import id.niksync.access.RequestConnectionShare;
import id.niksync.sync.deadletter.DeadLetters;
import id.niksync.sync.ingest.IngestMetrics;
import id.niksync.sync.ingest.IngestStatus;
import id.niksync.sync.ingest.Rebuild;
import id.niksync.sync.ingest.Rebuilds;
import id.niksync.sync.reconcile.ReplicaCompleteness;
import id.niksync.sync.ingest.RecordFailures;
import id.niksync.sync.ingest.ReplicaFreshness;
import id.niksync.sync.lag.VerdictRules.LagPoint;
import id.niksync.sync.lag.VerdictRules.Observation;
import id.niksync.sync.registry.RegistryClient;
import id.niksync.sync.replica.ReplicaLockWaits;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Takes a sample every {@code niksync.lag.sample-interval} on a thread of its own, so a
 * slow broker or registry never holds up anything else. Starts after the listener
 * containers and stops before them.
 */
@Component
class LagSampler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LagSampler.class);

	private final PartitionLagReader kafka;

	private final RegistryClient registry;

	private final IngestStatus ingest;

	private final DeadLetters deadLetters;

	private final ReplicaFreshness freshness;

	private final SyncHealth health;

	private final IngestMetrics metrics;

	private final LagProperties settings;

	private final Clock clock;

	private ScheduledExecutorService executor;

	private final RecordFailures failures;

	private Map<TopicPartition, Long> lastPositions;

	/** The dead letters as last read; shown while the database cannot be read. */
	private DeadLetters.Pending lastPending = new DeadLetters.Pending(0, Map.of(), null);

	private ReplicaDatabase lastDatabase = ReplicaDatabase.REACHABLE;

	/** Whether the last sample's read met a lock, so a streak of them is logged once. */
	private boolean lockedLastTime;

	/** The latest rebuild as last read. */
	private Rebuild lastRebuild;

	private final Rebuilds rebuilds;

	private final ReplicaLockWaits lockWaits;

	private final ReplicaCompleteness completeness;

	private Instant lastProgressAt;

	/** Runs the sample's database reads, so a hung database holds only this thread. */
	private ExecutorService databaseReads;

	private Future<DatabaseRead> databaseRead;

	private Instant databaseReadSince;

	/** Per partition, the last sample at which its position moved or nothing waited. */
	private final Map<TopicPartition, Instant> partitionProgressAt = new HashMap<>();

	LagSampler(PartitionLagReader kafka, RegistryClient registry, IngestStatus ingest, DeadLetters deadLetters,
			ReplicaFreshness freshness, SyncHealth health, IngestMetrics metrics, RecordFailures failures,
			Rebuilds rebuilds, ReplicaCompleteness completeness, ReplicaLockWaits lockWaits, LagProperties settings,
			Clock clock) {
		this.rebuilds = rebuilds;
		this.lockWaits = lockWaits;
		this.completeness = completeness;
		this.kafka = kafka;
		this.registry = registry;
		this.ingest = ingest;
		this.deadLetters = deadLetters;
		this.freshness = freshness;
		this.health = health;
		this.metrics = metrics;
		this.failures = failures;
		this.settings = settings;
		this.clock = clock;
		// the verdict follows the breaker at once, not at the next sample
		ingest.onCircuitChange(this::sampleSoon);
	}

	void sample() {
		Instant at = this.clock.instant();
		DeadLetters.Pending pending;
		ReplicaDatabase database;
		Rebuild rebuild;
		try {
			DatabaseRead read = readDatabase();
			pending = read.pending();
			this.lastPending = pending;
			rebuild = read.rebuild();
			this.lastRebuild = rebuild;
			database = ReplicaDatabase.REACHABLE;
			this.lockedLastTime = false;
			if (!this.lastDatabase.reachable()) {
				// back, perhaps restored from a backup or empty: count what it holds
				this.completeness.checkSoon();
			}
		}
		catch (CallNotPermittedException open) {
			pending = this.lastPending;
			rebuild = this.lastRebuild;
			database = this.lastDatabase.reachable() ? ReplicaDatabase.unreachable(at, "circuit breaker open")
					: this.lastDatabase;
		}
		catch (NoAnswerException hung) {
			pending = this.lastPending;
			rebuild = this.lastRebuild;
			database = this.lastDatabase.reachable() ? ReplicaDatabase.unreachable(at, hung.getMessage())
					: this.lastDatabase.because(hung.getMessage());
		}
		catch (RuntimeException ex) {
			if (!DatabaseUnavailable.causedBy(ex)) {
				throw ex;
			}
			pending = this.lastPending;
			rebuild = this.lastRebuild;
			if (DatabaseUnavailable.lockWaitTimedOut(ex)) {
				// A table it reads is locked (an ALTER TABLE of dead_letter): the
				// database answers, so it is not away; the last counts stand.
				if (!this.lockedLastTime) {
					log.info("Sync sample: the dead letters or rebuilds are locked by other work; keeping the"
							+ " last figures until the lock is gone");
				}
				this.lockedLastTime = true;
				// it answered, refusing to wait: reachable, even if it was not before
				database = ReplicaDatabase.REACHABLE;
				if (!this.lastDatabase.reachable()) {
					this.completeness.checkSoon();
				}
			}
			else {
				database = this.lastDatabase.reachable() ? ReplicaDatabase.unreachable(at, describe(ex))
						: this.lastDatabase.because(describe(ex));
			}
		}
		// after the read, which may have moved the breaker, and the one reading of it the
		// verdict uses: the answer never says open in one place and closed in another
		IngestStatus.Snapshot consumer = this.ingest.snapshot();
		this.lastDatabase = database;
		OutboxBacklog outbox = outbox();
		String group = this.ingest.consumerGroup();
		List<PartitionLag> partitions = List.of();
		String kafkaProblem = null;
		if (group != null) {
			try {
				partitions = this.kafka.read(this.ingest.topics(), group);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				kafkaProblem = ex.toString();
			}
		}
		long offsetLag = partitions.stream().mapToLong(PartitionLag::offsetLag).sum();
		double maxTimeLag = partitions.stream()
			.filter((p) -> p.timeLagSeconds() != null)
			.mapToDouble(PartitionLag::timeLagSeconds)
			.max()
			.orElse(0);
		List<StuckPartition> stuck = List.of();
		if (kafkaProblem == null) {
			// before trackProgress, which moves lastPositions on
			stuck = stuck(partitions, at);
			trackProgress(partitions, offsetLag, at);
		}
		List<LagPoint> history = new ArrayList<>(this.health.lagHistory());
		history.add(new LagPoint(at, offsetLag));
		Verdict verdict = (kafkaProblem != null)
				? new Verdict(Verdict.Status.ERROR, "KAFKA_UNREADABLE",
						"Cannot read offsets from Kafka: " + kafkaProblem)
				: VerdictRules.evaluate(
						new Observation(at, database, consumer.running(), consumer.circuitOpen(), pending.total(),
								pending.oldestCreatedAt(), offsetLag, this.lastProgressAt, history, stuck, rebuild,
								this.completeness.latest().orElse(null), this.completeness.incompleteBelow()),
						this.settings);
		this.health.add(new LagSample(at, partitions, offsetLag, maxTimeLag, applied(),
				SyncHealth.percentile(this.freshness.snapshot(), 0.99), outbox, pending, database, verdict, stuck,
				rebuild, this.completeness.latest().orElse(null), consumer));
	}

	/**
	 * The dead letters and the latest rebuild, read through the replica breaker on a
	 * thread of its own and waited for at most {@code probeTimeout}: a hung database (a
	 * paused server, a dropped network) accepts and never answers, and the sample, the
	 * verdict with it, must not wait for it. While an earlier read still waits, none is
	 * started.
	 */
	private DatabaseRead readDatabase() {
		Future<DatabaseRead> read = this.databaseRead;
		if (read == null || read.isDone()) {
			// Waits for a lock end well before the probe timeout: a locked table answers
			// 55P03, told apart from a database that does not answer at all. On a
			// connection of the probes' part of the pool: work stuck behind locks
			// may hold all the rest.
			read = this.databaseReads.submit(() -> RequestConnectionShare.probe(() -> this.ingest
				.readThroughBreaker(() -> this.lockWaits.bounded(this.settings.probeTimeout().dividedBy(2),
						() -> new DatabaseRead(this.deadLetters.pending(), this.rebuilds.latest().orElse(null))))));
			this.databaseRead = read;
			this.databaseReadSince = this.clock.instant();
		}
		try {
			return read.get(this.settings.probeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new NoAnswerException("No answer for "
					+ VerdictRules.words(Duration.between(this.databaseReadSince, this.clock.instant()))
					+ " (read of the dead letters)");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NoAnswerException("Sampling interrupted");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	private record DatabaseRead(DeadLetters.Pending pending, Rebuild rebuild) {
	}

	/** The replica database did not answer a read in time. */
	private static final class NoAnswerException extends RuntimeException {

		NoAnswerException(String message) {
			super(message, null, false, false);
		}

	}

	/** A sample at once, on the sampler's thread: the breaker moved. */
	private synchronized void sampleSoon() {
		if (this.executor != null) {
			this.executor.execute(this::sampleSafely);
		}
	}

	/**
	 * The registry being down is something to report, not to fail on: the answer then
	 * says {@code registryReachable: false}.
	 */
	private OutboxBacklog outbox() {
		try {
			return OutboxBacklog.of(this.registry.outbox());
		}
		catch (RuntimeException ex) {
			log.debug("Registry outbox not readable: {}", ex.toString());
			return OutboxBacklog.unreachable();
		}
	}

	/**
	 * What failed, for an operator: the innermost cause's class and message (a connection
	 * failure's message names the server and the timeout, never a row), cut to 200
	 * characters.
	 */
	private static String describe(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String text = cause.getClass().getSimpleName()
				+ ((cause.getMessage() != null) ? ": " + cause.getMessage().strip() : "");
		return (text.length() > 200) ? text.substring(0, 200) + "…" : text;
	}

	/** Progress: a committed offset moved, or nothing is behind. */
	private void trackProgress(List<PartitionLag> partitions, long offsetLag, Instant at) {
		Map<TopicPartition, Long> positions = partitions.stream()
			.collect(Collectors.toMap(LagSampler::key, (p) -> p.endOffset() - p.offsetLag()));
		if (this.lastProgressAt == null || offsetLag == 0 || !positions.equals(this.lastPositions)) {
			this.lastProgressAt = at;
		}
		this.lastPositions = positions;
	}

	/**
	 * Partitions with records waiting whose position has not moved for
	 * {@code stalledAfter}, each with the failure at the record it waits at, if any.
	 */
	private List<StuckPartition> stuck(List<PartitionLag> partitions, Instant at) {
		List<StuckPartition> stuck = new ArrayList<>();
		for (PartitionLag partition : partitions) {
			long position = partition.endOffset() - partition.offsetLag();
			Long before = (this.lastPositions != null) ? this.lastPositions.get(key(partition)) : null;
			Instant since = this.partitionProgressAt.get(key(partition));
			if (since == null || partition.offsetLag() == 0 || before == null || before != position) {
				this.partitionProgressAt.put(key(partition), at);
				continue;
			}
			if (Duration.between(since, at).compareTo(this.settings.stalledAfter()) >= 0) {
				RecordFailures.Failure failure = this.failures
					.pending(partition.topic(), partition.partition(), position)
					.orElse(null);
				stuck.add(new StuckPartition(partition.topic(), partition.partition(), position, partition.offsetLag(),
						since, (failure != null) ? failure.attempts() : 0,
						(failure != null) ? failure.errorClass() : null, (failure != null) ? failure.at() : null));
			}
		}
		return stuck;
	}

	private static TopicPartition key(PartitionLag partition) {
		return new TopicPartition(partition.topic(), partition.partition());
	}

	private long applied() {
		return (long) this.metrics.counters().applied();
	}

	private void sampleSafely() {
		try {
			sample();
		}
		catch (RuntimeException ex) {
			// An uncaught exception would cancel every later run of the schedule.
			log.warn("Sync health sample failed: {}", ex.toString());
		}
		catch (Error ex) {
			// so would an Error (the verdict says SAMPLES_STOPPED if it lasts)
			log.error("Sync health sample failed unexpectedly", ex);
		}
	}

	@Override
	public synchronized void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sync-lag-sampler");
			thread.setDaemon(true);
			return thread;
		});
		this.databaseReads = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "sync-lag-database-read");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this::sampleSafely, 0, this.settings.sampleInterval().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			try {
				this.executor.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
		if (this.databaseReads != null) {
			this.databaseReads.shutdownNow();
			this.databaseReads = null;
			this.databaseRead = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * After the listener containers (which start late), so the first sample sees them.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 50;
	}

}
