package id.niksync.sync.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import id.niksync.schemas.registry.OutboxStatus;
import id.niksync.schemas.registry.RegionDigest.Bucket;
import id.niksync.sync.registry.RegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Compares how many residents the replica holds with how many the registry holds, from
 * the same whole-country digests reconciliation starts with (one aggregate on each side).
 * A replica restored empty or from an old backup is caught this way: its lag can be 0
 * while it lacks most of the country. The last count is kept for the verdict
 * ({@code REPLICA_INCOMPLETE}) and for the rebuilder.
 */
@Component
public class ReplicaCompleteness implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReplicaCompleteness.class);

	private final RegistryClient registry;

	private final ReplicaDigests replica;

	private final Backlog backlog;

	private final CompletenessProperties settings;

	private final Clock clock;

	private final AtomicBoolean queued = new AtomicBoolean();

	private final AtomicBoolean retryQueued = new AtomicBoolean();

	/** The next retry's wait: the counting thread's alone (and {@link #start()}'s). */
	private Duration retryWait;

	private volatile Count latest;

	private ScheduledExecutorService executor;

	ReplicaCompleteness(RegistryClient registry, ReplicaDigests replica, Backlog backlog,
			CompletenessProperties settings, Clock clock) {
		this.registry = registry;
		this.replica = replica;
		this.backlog = backlog;
		this.settings = settings;
		this.clock = clock;
	}

	/** The last count, if one could be taken. */
	public Optional<Count> latest() {
		return Optional.ofNullable(this.latest);
	}

	public double incompleteBelow() {
		return this.settings.incompleteBelow();
	}

	/** Counts again as soon as the counting thread is free (at most one queued). */
	public void checkSoon() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null && this.queued.compareAndSet(false, true)) {
			executor.execute(() -> {
				this.queued.set(false);
				count();
			});
		}
	}

	/**
	 * The registry's residents, then the records waiting for the ingest group, then the
	 * replica's residents, in that order. A record the group applies while this counts is
	 * then among those waiting, on the replica, or both, never in neither: with the
	 * backlog read after the replica's count, as the verdict and the rebuilder did, every
	 * resident applied in between was missed, and a replica catching up on an outage's
	 * backlog looked incomplete (the benchmark's catch-up had a whole rebuild start
	 * beside it). A resident registered after the registry's count is at most counted on
	 * the replica's side. One whose event the relay has not published yet is counted as
	 * waiting, with every change in the registry's outbox: a count taken during a burst
	 * of registrations found them in neither, and ten in the outbox of the local stack's
	 * 1,000 residents put the replica under 99 % and started a rebuild of the whole
	 * topic, which cannot bring back what is not on it yet (a CI run, 2026-12-06).
	 */
	void count() {
		try {
			long inRegistry = this.registry.digests("").buckets().stream().mapToLong(Bucket::count).sum();
			long waiting = unpublished() + this.backlog.waiting();
			long onReplica = this.replica.children("", 2).stream().mapToLong(Bucket::count).sum();
			this.latest = new Count(inRegistry, onReplica, waiting, this.clock.instant());
			log.debug("Residents: {} in the registry, {} on the replica, {} record(s) waiting", inRegistry, onReplica,
					waiting);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception | Error ex) {
			// the registry, the broker or the replica database is away (or an
			// Error, which escaping would cancel the schedule): the last count
			// stays, with its time
			if (ex instanceof Error) {
				log.error("Resident count not taken", ex);
			}
			else {
				log.debug("Resident count not taken: {}", ex.toString());
			}
			if (this.latest == null) {
				retryLater();
			}
		}
	}

	/**
	 * The changes the registry holds that its relay has not published yet; none when it
	 * cannot say (the count then as before: the residents among them missing).
	 */
	private long unpublished() {
		try {
			OutboxStatus outbox = this.registry.outbox();
			return (outbox != null) ? Math.max(0, outbox.pending()) : 0;
		}
		catch (RuntimeException ex) {
			log.debug("Registry outbox not read for the resident count: {}", ex.toString());
			return 0;
		}
	}

	/**
	 * No count yet (at start, the registry or the broker not answering): another try
	 * after {@code firstRetry}, doubled each time, instead of a whole {@code interval}
	 * with nothing for the verdict and the rebuilder to go on.
	 */
	private void retryLater() {
		ScheduledExecutorService executor = this.executor;
		if (executor == null || !this.retryQueued.compareAndSet(false, true)) {
			return;
		}
		Duration wait = (this.retryWait != null) ? this.retryWait : this.settings.firstRetry();
		if (wait.compareTo(this.settings.interval()) >= 0) {
			// the interval's own count comes as soon
			this.retryQueued.set(false);
			return;
		}
		this.retryWait = wait.multipliedBy(2);
		try {
			executor.schedule(() -> {
				this.retryQueued.set(false);
				if (this.latest == null) {
					count();
				}
			}, wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// stopping
			this.retryQueued.set(false);
		}
	}

	@Override
	public synchronized void start() {
		this.queued.set(false);
		this.retryQueued.set(false);
		this.retryWait = null;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "replica-completeness");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this::count, 0, this.settings.interval().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * Records published to the topics the ingest group consumes and not consumed by it
	 * yet.
	 */
	public interface Backlog {

		/**
		 * @throws Exception when the broker cannot say (no count is taken then)
		 */
		long waiting() throws Exception;

	}

	/**
	 * @param registryResidents residents the registry holds
	 * @param replicaResidents residents the replica holds
	 * @param recordsWaiting records not yet consumed by the ingest group and changes the
	 * registry's relay has not published yet, read between the two counts
	 * @param at when they were counted
	 */
	public record Count(long registryResidents, long replicaResidents, long recordsWaiting, Instant at) {

		/**
		 * Whether the replica holds too few, counting the records that were waiting as
		 * held (each could be a resident the replica did not have yet).
		 */
		public boolean incomplete(double below) {
			return this.registryResidents > 0
					&& this.replicaResidents + this.recordsWaiting < below * this.registryResidents;
		}

	}

}
