package id.niksync.sync.partner;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import id.niksync.access.DatabaseUnavailable;
import id.niksync.sync.replica.TimedReads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The partners' reads of the replica (lookups, verifications and {@code minVersion}
 * polls), bounded per instance.
 * <p>
 * At most {@code niksync.partner.lookup.concurrency} read in turn; the others wait for a
 * turn, first come first served. Sixteen clients' statements running together on two
 * cores left the audit writer's commit queued behind them: the slowest lookups were those
 * waiting for their audit row (JFR, issue 16). One that waited
 * {@code niksync.partner.lookup.turn-wait} reads without a turn (counted in
 * {@code niksync.partner.lookup.turn.timeouts}) while fewer than
 * {@code niksync.partner.lookup.max-reads} reads run, and is refused
 * {@code 503 LOOKUPS_BUSY} when that many do ({@code niksync.partner.lookup.busy}). A
 * read is cancelled by the server after {@code niksync.partner.lookup.read-timeout}
 * ({@link ReplicaResidents}) and answered {@code 503 LOOKUP_TIMED_OUT}
 * ({@code niksync.partner.lookup.read.timeouts}). So reads stuck behind a lock on the
 * replica hold at most {@code max-reads} of the pool's connections, each for at most the
 * read timeout, and ingestion, the audit writer and the operator routes keep the rest:
 * before these bounds, a lock held on {@code replica_resident} for 25 s took all 20
 * connections within a second and every route of the service answered 503, by lookups and
 * again by verifications (attack runs, 2026-12-04).
 */
@Component
class ReplicaReads {

	private final Semaphore turns;

	/** The reads beyond the turns: without a turn, and {@code minVersion} polls. */
	private final Semaphore extraReads;

	private final long turnWaitNanos;

	private final Counter turnTimeouts;

	private final Counter busy;

	private final Counter readTimeouts;

	ReplicaReads(PartnerProperties properties, MeterRegistry meters) {
		PartnerProperties.Lookup settings = properties.lookup();
		this.turns = new Semaphore(settings.concurrency(), true);
		this.extraReads = new Semaphore(settings.maxReads() - settings.concurrency());
		this.turnWaitNanos = settings.turnWait().toNanos();
		this.turnTimeouts = Counter.builder("niksync.partner.lookup.turn.timeouts")
			.description("Partner reads of the replica made without a turn, after waiting turn-wait for one")
			.register(meters);
		this.busy = Counter.builder("niksync.partner.lookup.busy")
			.description("Partner reads refused 503 LOOKUPS_BUSY: max-reads reads running after turn-wait")
			.register(meters);
		this.readTimeouts = Counter.builder("niksync.partner.lookup.read.timeouts")
			.description("Partner reads of the replica cancelled after read-timeout (503 LOOKUP_TIMED_OUT)")
			.register(meters);
	}

	/**
	 * The read, in turn or as one of the extra reads.
	 * @throws LookupsBusyException when no turn came free within the turn wait and
	 * {@code max-reads} reads run
	 * @throws LookupTimedOutException when the server cancelled the read for its timeout
	 */
	<T> T inTurn(Supplier<T> read) {
		Semaphore taken = takeTurn() ? this.turns : extraRead();
		try {
			return timed(read);
		}
		finally {
			taken.release();
		}
	}

	/**
	 * The read, as one of the extra reads, if one is free now; none if not.
	 * @throws LookupTimedOutException when the server cancelled the read for its timeout
	 */
	<T> Optional<T> ifFree(Supplier<T> read) {
		if (!this.extraReads.tryAcquire()) {
			return Optional.empty();
		}
		try {
			return Optional.of(timed(read));
		}
		finally {
			this.extraReads.release();
		}
	}

	/**
	 * @return whether a turn was taken (false: the read goes without one)
	 */
	private boolean takeTurn() {
		try {
			if (this.turns.tryAcquire(this.turnWaitNanos, TimeUnit.NANOSECONDS)) {
				return true;
			}
			this.turnTimeouts.increment();
		}
		catch (InterruptedException ex) {
			// shutting down, not a wait that ran out: the read fails or is answered on
			// its own
			Thread.currentThread().interrupt();
		}
		return false;
	}

	private Semaphore extraRead() {
		if (!this.extraReads.tryAcquire()) {
			this.busy.increment();
			throw new LookupsBusyException();
		}
		return this.extraReads;
	}

	private <T> T timed(Supplier<T> read) {
		try {
			return read.get();
		}
		catch (DataAccessException ex) {
			// cancelled for its read timeout, or gave up waiting for a lock first (a read
			// timeout set above the pool's lock_timeout)
			if (TimedReads.cancelled(ex) || DatabaseUnavailable.lockWaitTimedOut(ex)) {
				this.readTimeouts.increment();
				throw new LookupTimedOutException(ex);
			}
			throw ex;
		}
	}

	/** Turns free now: {@code niksync.partner.lookup.concurrency} when none reads. */
	int freeTurns() {
		return this.turns.availablePermits();
	}

	/**
	 * Reads free now beyond the turns: {@code max-reads - concurrency} when none runs.
	 */
	int freeExtraReads() {
		return this.extraReads.availablePermits();
	}

}
