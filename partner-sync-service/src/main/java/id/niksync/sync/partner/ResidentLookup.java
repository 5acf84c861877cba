package id.niksync.sync.partner;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import id.niksync.identity.Nik;
import id.niksync.identity.Parsed;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.system.CodedProblemException;
import id.niksync.sync.system.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Answers a partner's lookup from the replica, scoped to its institution's type: one
 * statement (no transaction of its own), then its audit row, committed before the answer
 * is returned. A refusal (not on the replica, behind) is audited by {@link PartnerGate}
 * as it is answered.
 *
 * <p>
 * At most {@code niksync.partner.lookup.concurrency} lookups read the replica in turn;
 * the others wait for a turn, first come first served. Sixteen clients' statements
 * running together on two cores left the audit writer's commit queued behind them: the
 * slowest lookups were those waiting for their audit row (JFR, issue 16). A lookup that
 * waited {@code niksync.partner.lookup.turn-wait} reads without a turn (counted in
 * {@code niksync.partner.lookup.turn.timeouts}) while fewer than
 * {@code niksync.partner.lookup.max-reads} reads run, and is refused
 * {@code 503 LOOKUPS_BUSY} when that many do (counted in
 * {@code niksync.partner.lookup.busy}); a read is cancelled after
 * {@code niksync.partner.lookup.read-timeout} ({@code 503 LOOKUP_TIMED_OUT}, counted in
 * {@code niksync.partner.lookup.read.timeouts}). So reads stuck behind a lock on the
 * replica hold at most {@code max-reads} of the pool's connections, each for at most the
 * read timeout, and ingestion, the audit writer and the operator routes keep the rest:
 * before these bounds, a lock held on {@code replica_resident} for 25 s took all 20
 * connections within a second and every route of the service answered 503 (an attack run,
 * 2026-12-04).
 * <p>
 * Waiting for a {@code minVersion} holds a request thread for up to
 * {@code min-version-wait}; at most {@code niksync.partner.lookup.max-version-waits} wait
 * at once, and a lookup beyond them reads once without waiting (counted in
 * {@code niksync.partner.lookup.version.waits.refused}), so a flood of them cannot take
 * every request thread. Each poll is one of the reads {@code max-reads} bounds; a poll
 * that finds none free is skipped.
 */
@Component
class ResidentLookup {

	/**
	 * PostgreSQL's {@code query_canceled}: what a JDBC query timeout ends a read with.
	 */
	private static final String QUERY_CANCELED = "57014";

	private final ReplicaResidents replica;

	private final PartnerAudit audit;

	private final PartnerProperties properties;

	private final Semaphore turns;

	/** The reads beyond the turns: without a turn, and {@code minVersion} polls. */
	private final Semaphore extraReads;

	private final Semaphore versionWaits;

	private final long turnWaitNanos;

	private final Counter turnTimeouts;

	private final Counter busy;

	private final Counter versionWaitsRefused;

	private final Counter readTimeouts;

	ResidentLookup(ReplicaResidents replica, PartnerAudit audit, PartnerProperties properties, MeterRegistry meters) {
		this.replica = replica;
		this.audit = audit;
		this.properties = properties;
		PartnerProperties.Lookup settings = properties.lookup();
		this.turns = new Semaphore(settings.concurrency(), true);
		this.extraReads = new Semaphore(settings.maxReads() - settings.concurrency());
		this.versionWaits = new Semaphore(settings.maxVersionWaits());
		this.turnWaitNanos = settings.turnWait().toNanos();
		this.turnTimeouts = Counter.builder("niksync.partner.lookup.turn.timeouts")
			.description("Partner lookups that read the replica without a turn, after waiting turn-wait for one")
			.register(meters);
		this.busy = Counter.builder("niksync.partner.lookup.busy")
			.description("Partner lookups refused 503 LOOKUPS_BUSY: max-reads reads running after turn-wait")
			.register(meters);
		this.versionWaitsRefused = Counter.builder("niksync.partner.lookup.version.waits.refused")
			.description("Partner lookups with a minVersion that read once without waiting: max-version-waits waiting")
			.register(meters);
		this.readTimeouts = Counter.builder("niksync.partner.lookup.read.timeouts")
			.description("Partner lookups' replica reads cancelled after read-timeout (503 LOOKUP_TIMED_OUT)")
			.register(meters);
	}

	/**
	 * @param nik as the path gave it
	 * @param minVersionParameter as the query gave it, if it did
	 * @throws CodedProblemException {@code 400 VALIDATION_FAILED} with every violation of
	 * the NIK and of minVersion, checked before any database access
	 */
	PartnerResident lookup(AuthenticatedInstitution institution, String nik, String purpose,
			String minVersionParameter) {
		List<Map<String, String>> violations = new ArrayList<>();
		Long minVersion = minVersion(minVersionParameter, violations);
		Parsed<Nik> parsed = Nik.parse(nik);
		parsed.violations()
			.forEach((violation) -> violations
				.add(Problems.violation(PartnerApi.NIK_VARIABLE, violation.code(), violation.message())));
		if (!violations.isEmpty()) {
			throw new CodedProblemException(Problems.validationFailed(violations), null);
		}
		return lookup(institution, parsed.orElseThrow(), purpose, minVersion);
	}

	/**
	 * One whole number of at least 1 in decimal digits (0-9), blanks around it ignored;
	 * empty is none. Refused with the violations Spring MVC's conversion to a
	 * {@code Long} and {@code @Min(1)} gave; stricter than that conversion, which took
	 * the first of several values and read hexadecimal, a sign, spaces inside a number
	 * and other scripts' digits: a lookup naming two versions, or one in another
	 * notation, is refused rather than read one way of several.
	 * @return the version, or {@code null} for none or a violation (added to
	 * {@code violations})
	 */
	private static Long minVersion(String parameter, List<Map<String, String>> violations) {
		if (parameter == null || parameter.isEmpty()) {
			return null;
		}
		String value = parameter.strip();
		String digits = value.startsWith("-") ? value.substring(1) : value;
		long minVersion;
		try {
			if (digits.isEmpty() || !digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
				throw new NumberFormatException();
			}
			minVersion = Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			violations.add(Problems.violation(PartnerApi.MIN_VERSION, "FIELD_UNREADABLE", "must be a whole number"));
			return null;
		}
		if (minVersion < 1) {
			violations
				.add(Problems.violation(PartnerApi.MIN_VERSION, "FIELD_RANGE", "must be greater than or equal to 1"));
			return null;
		}
		return minVersion;
	}

	private PartnerResident lookup(AuthenticatedInstitution institution, Nik nik, String purpose, Long minVersion) {
		if (minVersion != null) {
			awaitVersion(nik.value(), minVersion);
		}
		Optional<ReplicaResident> found = findInTurn(nik.value());
		if (found.isEmpty()) {
			throw (minVersion != null) ? new ReplicaBehindException(minVersion, 0) : new ResidentNotFoundException();
		}
		if (minVersion != null && found.get().version() < minVersion) {
			throw new ReplicaBehindException(minVersion, found.get().version());
		}
		Set<ResidentField> scope = this.properties.fieldsOf(institution.type());
		PartnerResident resident = PartnerResident.of(found.get(), scope);
		this.audit.recordNow(PartnerAuditRow.of(institution, PartnerOperation.LOOKUP, purpose, nik.value(), scope, "OK",
				HttpStatus.OK.value()));
		return resident;
	}

	/**
	 * The caller saw version {@code minVersion} at the registry: give the replica a
	 * moment to catch up, without holding a connection while waiting, if fewer than
	 * {@code max-version-waits} lookups wait already.
	 */
	private void awaitVersion(String nik, long minVersion) {
		if (!this.versionWaits.tryAcquire()) {
			this.versionWaitsRefused.increment();
			return;
		}
		try {
			long deadline = System.nanoTime() + this.properties.minVersionWait().toNanos();
			while (polledVersion(nik) < minVersion && System.nanoTime() < deadline) {
				try {
					Thread.sleep(this.properties.minVersionPoll().toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
		finally {
			this.versionWaits.release();
		}
	}

	/**
	 * @return the replica's version, 0 when not on it, -1 when no read was free
	 */
	private long polledVersion(String nik) {
		if (!this.extraReads.tryAcquire()) {
			return -1;
		}
		try {
			return timed(() -> this.replica.version(nik));
		}
		finally {
			this.extraReads.release();
		}
	}

	private Optional<ReplicaResident> findInTurn(String nik) {
		Semaphore taken = takeTurn() ? this.turns : extraRead();
		try {
			return timed(() -> this.replica.find(nik));
		}
		finally {
			taken.release();
		}
	}

	/**
	 * @return whether a turn was taken (false: the lookup reads without one)
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

	/**
	 * @throws LookupsBusyException when {@code max-reads} reads run
	 */
	private Semaphore extraRead() {
		if (!this.extraReads.tryAcquire()) {
			this.busy.increment();
			throw new LookupsBusyException();
		}
		return this.extraReads;
	}

	/**
	 * The read, or {@code 503 LOOKUP_TIMED_OUT} if the server cancelled it for the read
	 * timeout ({@code SQLState 57014}).
	 */
	private <T> T timed(Supplier<T> read) {
		try {
			return read.get();
		}
		catch (DataAccessException ex) {
			if (cancelled(ex)) {
				this.readTimeouts.increment();
				throw new LookupTimedOutException(ex);
			}
			throw ex;
		}
	}

	private static boolean cancelled(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Turns free now: {@code niksync.partner.lookup.concurrency} when no lookup reads.
	 */
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
