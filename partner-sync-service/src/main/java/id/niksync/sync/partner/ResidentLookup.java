package id.niksync.sync.partner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import id.niksync.identity.Nik;
import id.niksync.identity.Parsed;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.system.CodedProblemException;
import id.niksync.sync.system.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Answers a partner's lookup from the replica, scoped to its institution's type: one
 * statement (no transaction of its own), then its audit row, committed before the answer
 * is returned. A refusal (not on the replica, behind) is audited by {@link PartnerGate}
 * as it is answered.
 *
 * <p>
 * At most {@code niksync.partner.lookup.concurrency} lookups read the replica at once;
 * the others wait their turn, first come first served. Sixteen clients' statements
 * running together on two cores left the audit writer's commit queued behind them: the
 * slowest lookups were those waiting for their audit row (JFR, issue 16). The turns only
 * order the reads, they never refuse one: a lookup that waited
 * {@code niksync.partner.lookup.turn-wait} for a turn reads without one (counted in
 * {@code niksync.partner.lookup.turn.timeouts}), so reads that hang (a lock, a dead
 * socket) or a burst of one institution's cost the others at most that wait, and the pool
 * bounds the reads as it did without turns. Polling for a {@code minVersion} takes none.
 */
@Component
class ResidentLookup {

	private final ReplicaResidents replica;

	private final PartnerAudit audit;

	private final PartnerProperties properties;

	private final Semaphore turns;

	private final long turnWaitNanos;

	private final Counter turnTimeouts;

	ResidentLookup(ReplicaResidents replica, PartnerAudit audit, PartnerProperties properties, MeterRegistry meters) {
		this.replica = replica;
		this.audit = audit;
		this.properties = properties;
		this.turns = new Semaphore(properties.lookup().concurrency(), true);
		this.turnWaitNanos = properties.lookup().turnWait().toNanos();
		this.turnTimeouts = Counter.builder("niksync.partner.lookup.turn.timeouts")
			.description("Partner lookups that read the replica without a turn, after waiting turn-wait for one")
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
	 * moment to catch up, without holding a connection while waiting.
	 */
	private void awaitVersion(String nik, long minVersion) {
		long deadline = System.nanoTime() + this.properties.minVersionWait().toNanos();
		while (this.replica.version(nik) < minVersion && System.nanoTime() < deadline) {
			try {
				Thread.sleep(this.properties.minVersionPoll().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private Optional<ReplicaResident> findInTurn(String nik) {
		boolean turn = takeTurn();
		try {
			return this.replica.find(nik);
		}
		finally {
			if (turn) {
				this.turns.release();
			}
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
	 * Turns free now: {@code niksync.partner.lookup.concurrency} when no lookup reads.
	 */
	int freeTurns() {
		return this.turns.availablePermits();
	}

}
