package id.niksync.sync.partner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;

import id.niksync.access.StrictQueryParameters;
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
 * is returned. An answer that it is not on the replica, or behind, is audited the same
 * way before it is thrown; other refusals are audited by {@link PartnerGate} as they are
 * answered.
 *
 * <p>
 * Its reads take their turn ({@link ReplicaReads}): bounded, and cancelled after the read
 * timeout.
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

	private final ReplicaResidents replica;

	private final ReplicaReads reads;

	private final PartnerAudit audit;

	private final PartnerProperties properties;

	private final Semaphore versionWaits;

	private final Counter versionWaitsRefused;

	ResidentLookup(ReplicaResidents replica, ReplicaReads reads, PartnerAudit audit, PartnerProperties properties,
			MeterRegistry meters) {
		this.replica = replica;
		this.reads = reads;
		this.audit = audit;
		this.properties = properties;
		this.versionWaits = new Semaphore(properties.lookup().maxVersionWaits());
		this.versionWaitsRefused = Counter.builder("niksync.partner.lookup.version.waits.refused")
			.description("Partner lookups with a minVersion that read once without waiting: max-version-waits waiting")
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
	 * One whole number of at least 1 in decimal digits (0-9), written as JSON writes one
	 * (no blanks, sign or leading zero, as every whole-number parameter); empty is none.
	 * Refused with the violations Spring MVC's conversion to a {@code Long} and
	 * {@code @Min(1)} gave; stricter than that conversion, which took the first of
	 * several values and read hexadecimal, a sign, spaces inside a number and other
	 * scripts' digits: a lookup naming two versions, or one in another notation, is
	 * refused rather than read one way of several.
	 * @return the version, or {@code null} for none or a violation (added to
	 * {@code violations})
	 */
	private static Long minVersion(String parameter, List<Map<String, String>> violations) {
		if (parameter == null || parameter.isEmpty()) {
			return null;
		}
		long minVersion;
		try {
			if (!StrictQueryParameters.wholeNumber(parameter)) {
				throw new NumberFormatException();
			}
			minVersion = Long.parseLong(parameter);
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
		Optional<ReplicaResident> found = this.reads.inTurn(() -> this.replica.find(nik.value()));
		if (found.isEmpty()) {
			throw audited(
					(minVersion != null) ? new ReplicaBehindException(minVersion, 0) : new ResidentNotFoundException(),
					institution, nik, purpose);
		}
		if (minVersion != null && found.get().version() < minVersion) {
			throw audited(new ReplicaBehindException(minVersion, found.get().version()), institution, nik, purpose);
		}
		Set<ResidentField> scope = this.properties.fieldsOf(institution.type());
		PartnerResident resident = PartnerResident.of(found.get(), scope);
		this.audit.recordNow(PartnerAuditRow.of(institution, PartnerOperation.LOOKUP, purpose, nik.value(), scope, "OK",
				HttpStatus.OK.value()));
		return resident;
	}

	/**
	 * An answer that tells what the replica holds of a NIK (not there, or behind a
	 * version) is audited as the data is: its row committed before it leaves, otherwise
	 * {@code 503} ({@link AuditUnavailableException}) instead.
	 */
	private CodedProblemException audited(CodedProblemException answer, AuthenticatedInstitution institution, Nik nik,
			String purpose) {
		this.audit.recordNow(PartnerAuditRow.of(institution, PartnerOperation.LOOKUP, purpose, nik.value(), Set.of(),
				answer.code(), answer.getStatusCode().value()));
		return answer;
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
		return this.reads.ifFree(() -> this.replica.version(nik)).orElse(-1L);
	}

}
