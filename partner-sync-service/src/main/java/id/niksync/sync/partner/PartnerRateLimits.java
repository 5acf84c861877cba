package id.niksync.sync.partner;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import id.niksync.access.RequestConnectionShare;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.partner.InstitutionPermits.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Each institution's requests per second, held across all partner-sync instances. An
 * instance leases permits in small blocks from the institution's token bucket in the
 * database ({@link RateBuckets}) and spends them in memory, so most requests cost no
 * round trip. One institution's burst never slows another. A request costs one permit, a
 * batch verification one per entry; a changed rate applies from the next lease. While the
 * database cannot be asked, each instance limits on its own (README, "Rate limits across
 * instances").
 */
@Component
class PartnerRateLimits implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PartnerRateLimits.class);

	private final RateBuckets buckets;

	private final PartnerProperties.RateLimit settings;

	private final LongSupplier nanoTime;

	private final Map<Long, Institution> institutions = new ConcurrentHashMap<>();

	/** Leases run here, so that a request can stop waiting for one. */
	private final ExecutorService leaseThreads = Executors.newFixedThreadPool(4, new LeaseThreads());

	private final Counter leasesGranted;

	private final Counter leasesRefused;

	private final Counter leasesFailed;

	private final Counter localDecisions;

	@Autowired
	PartnerRateLimits(RateBuckets buckets, PartnerProperties properties, MeterRegistry meters) {
		this(buckets, properties.rateLimit(), meters, System::nanoTime);
	}

	PartnerRateLimits(RateBuckets buckets, PartnerProperties.RateLimit settings, MeterRegistry meters,
			LongSupplier nanoTime) {
		this.buckets = buckets;
		this.settings = settings;
		this.nanoTime = nanoTime;
		this.leasesGranted = leases(meters, "granted");
		this.leasesRefused = leases(meters, "refused");
		this.leasesFailed = leases(meters, "failed");
		this.localDecisions = Counter.builder("niksync.partner.rate.local-decisions")
			.description("Partner requests limited by this instance alone while the database could not be asked")
			.register(meters);
	}

	/** Takes a permit, or says how long to wait for the next one. */
	Optional<Duration> acquire(AuthenticatedInstitution institution) {
		return acquire(institution, 1);
	}

	/**
	 * Takes {@code permits} permits at once, or none and says how long to wait. More
	 * permits than the institution's requests per second are never available. Waits for a
	 * lease at most the lease timeout (twice that when a second one is needed).
	 */
	Optional<Duration> acquire(AuthenticatedInstitution institution, int permits) {
		int rate = institution.requestsPerSecond();
		Institution state = this.institutions.computeIfAbsent(institution.id(),
				(id) -> new Institution(new InstitutionPermits(this.settings)));
		long timeout = this.settings.leaseTimeout().toNanos();
		long deadline = this.nanoTime.getAsLong() + timeout;
		while (true) {
			CompletableFuture<?> lease;
			long waitUntil;
			synchronized (state) {
				long now = this.nanoTime.getAsLong();
				boolean local = state.permits.usesLocalBucket(now);
				Decision decision = state.permits.decide(permits, rate, now);
				if (decision.outcome() != Decision.Outcome.LEASE_NEEDED) {
					if (local) {
						this.localDecisions.increment();
					}
					return (decision.outcome() == Decision.Outcome.ADMITTED) ? Optional.empty()
							: Optional.of(decision.retryAfter());
				}
				if (state.lease != null && now - state.leaseSince >= timeout) {
					// Still unanswered: the database is away (a hung one never answers).
					databaseAway(state, institution.id(), rate, now,
							"no answer within " + this.settings.leaseTimeout());
					continue;
				}
				if (now - deadline >= 0) {
					// Leases answer in time but others of this institution spend them
					// first: it is at its limit.
					return Optional.of(this.settings.leasePeriod());
				}
				if (state.lease == null) {
					CompletableFuture<?> started = lease(state, institution.id(), rate, permits, now);
					if (started == null || started.isDone()) {
						// answered already (its answer recorded), or none could be
						// started
						continue;
					}
					state.lease = started;
					state.leaseSince = now;
				}
				lease = state.lease;
				// until this lease counts as overdue, however late in this request it
				// began
				waitUntil = Math.max(deadline, state.leaseSince + timeout);
			}
			try {
				lease.get(Math.max(0, waitUntil - this.nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				// decided on the next round: overdue, or past the deadline
			}
			catch (ExecutionException ex) {
				// recorded by the lease itself; decided locally now
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Optional.of(this.settings.leasePeriod());
			}
		}
	}

	/**
	 * Asks the database for a lease on a thread of its own, and records its answer; null
	 * when none can be started (shutting down).
	 */
	private CompletableFuture<?> lease(Institution state, long institutionId, int rate, int permits, long now) {
		InstitutionPermits.Ask ask = state.permits.ask(permits, rate, now);
		try {
			return CompletableFuture
				// for the request that asked: its connection counts in the requests'
				// share
				.supplyAsync(RequestConnectionShare.carried(() -> this.buckets.lease(institutionId, rate,
						ask.returned(), ask.need(), ask.want(), this.settings.leaseTimeout())), this.leaseThreads)
				.whenComplete((lease, failure) -> {
					synchronized (state) {
						state.lease = null;
						if (failure != null) {
							this.leasesFailed.increment();
							databaseAway(state, institutionId, rate, this.nanoTime.getAsLong(), failure.toString());
						}
						else {
							((lease.permits() > 0) ? this.leasesGranted : this.leasesRefused).increment();
							state.permits.leased(ask, lease, this.nanoTime.getAsLong());
						}
					}
				});
		}
		catch (RejectedExecutionException ex) {
			databaseAway(state, institutionId, rate, now, "shutting down");
			return null;
		}
	}

	private void databaseAway(Institution state, long institutionId, int rate, long now, String why) {
		if (state.permits.databaseAway(rate, now)) {
			log.warn("Institution {}'s rate is limited by this instance alone for {}: its lease failed ({})",
					institutionId, this.settings.fallbackFor(), why);
		}
	}

	@Override
	public void destroy() {
		this.leaseThreads.shutdownNow();
	}

	private static Counter leases(MeterRegistry meters, String outcome) {
		return Counter.builder("niksync.partner.rate.leases")
			.description("Permit leases from the institutions' shared rate buckets")
			.tag("outcome", outcome)
			.register(meters);
	}

	private static final class Institution {

		final InstitutionPermits permits;

		CompletableFuture<?> lease;

		long leaseSince;

		Institution(InstitutionPermits permits) {
			this.permits = permits;
		}

	}

	private static final class LeaseThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "partner-rate-lease-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
