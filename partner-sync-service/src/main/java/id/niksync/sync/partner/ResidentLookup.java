package id.niksync.sync.partner;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import id.niksync.identity.Nik;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.system.CodedProblemException;
import id.niksync.sync.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Answers a partner's lookup from the replica, scoped to its institution's type: one
 * statement (no transaction of its own), then its audit row, committed before the answer
 * is returned. A refusal (not on the replica, behind) is audited by {@link PartnerGate}
 * as it is answered.
 */
@Component
class ResidentLookup {

	private final ReplicaResidents replica;

	private final PartnerAudit audit;

	private final PartnerProperties properties;

	ResidentLookup(ReplicaResidents replica, PartnerAudit audit, PartnerProperties properties) {
		this.replica = replica;
		this.audit = audit;
		this.properties = properties;
	}

	/**
	 * @param nik as the path gave it
	 * @param minVersionParameter as the query gave it, if it did
	 * @throws CodedProblemException {@code 400 VALIDATION_FAILED} for a minVersion that
	 * is not a whole number or below 1, checked before any database access
	 * @throws id.niksync.identity.InvalidIdentifierException for a malformed NIK
	 */
	PartnerResident lookup(AuthenticatedInstitution institution, String nik, String purpose,
			String minVersionParameter) {
		Long minVersion = minVersion(minVersionParameter);
		return lookup(institution, Nik.of(nik), purpose, minVersion);
	}

	/**
	 * One whole number of at least 1, blanks around it allowed; empty is none. Refused
	 * with the violations Spring MVC's conversion to a {@code Long} and {@code @Min(1)}
	 * gave; stricter than that conversion, which took the first of several values and
	 * read hexadecimal and spaces inside a number: a lookup naming two versions, or one
	 * in another notation, is refused rather than read one way of several.
	 */
	private static Long minVersion(String parameter) {
		if (parameter == null || parameter.isEmpty()) {
			return null;
		}
		long minVersion;
		try {
			minVersion = Long.parseLong(parameter.strip());
		}
		catch (NumberFormatException ex) {
			throw refusal("FIELD_UNREADABLE", "must be a whole number");
		}
		if (minVersion < 1) {
			throw refusal("FIELD_RANGE", "must be greater than or equal to 1");
		}
		return minVersion;
	}

	private static CodedProblemException refusal(String code, String message) {
		return new CodedProblemException(
				Problems.validationFailed(List.of(Problems.violation(PartnerApi.MIN_VERSION, code, message))), null);
	}

	private PartnerResident lookup(AuthenticatedInstitution institution, Nik nik, String purpose, Long minVersion) {
		if (minVersion != null) {
			awaitVersion(nik.value(), minVersion);
		}
		Optional<ReplicaResident> found = this.replica.find(nik.value());
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

}
