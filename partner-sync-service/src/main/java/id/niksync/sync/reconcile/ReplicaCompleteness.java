package id.niksync.sync.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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

	private final CompletenessProperties settings;

	private final Clock clock;

	private final AtomicBoolean queued = new AtomicBoolean();

	private volatile Count latest;

	private ScheduledExecutorService executor;

	ReplicaCompleteness(RegistryClient registry, ReplicaDigests replica, CompletenessProperties settings, Clock clock) {
		this.registry = registry;
		this.replica = replica;
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
	 * Counts now, on the caller's thread.
	 * @return the count, also the latest from now on; empty if the registry or the
	 * replica database is away (the last count stays, with its time)
	 */
	public Optional<Count> countNow() {
		try {
			long inRegistry = this.registry.digests("").buckets().stream().mapToLong(Bucket::count).sum();
			long onReplica = this.replica.children("", 2).stream().mapToLong(Bucket::count).sum();
			Count count = new Count(inRegistry, onReplica, this.clock.instant());
			this.latest = count;
			log.debug("Residents: {} in the registry, {} on the replica", inRegistry, onReplica);
			return Optional.of(count);
		}
		catch (RuntimeException ex) {
			log.debug("Resident count not taken: {}", ex.toString());
			return Optional.empty();
		}
	}

	void count() {
		countNow();
	}

	@Override
	public synchronized void start() {
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
	 * @param registryResidents residents the registry holds
	 * @param replicaResidents residents the replica holds
	 * @param at when they were counted
	 */
	public record Count(long registryResidents, long replicaResidents, Instant at) {

		/**
		 * Whether the replica holds too few, counting {@code waiting} records not yet
		 * consumed as held (each could be a resident the replica does not have yet).
		 */
		public boolean incomplete(double below, long waiting) {
			return this.registryResidents > 0 && this.replicaResidents + waiting < below * this.registryResidents;
		}

	}

}
