package id.niksync.sync.partner;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import id.niksync.identity.Nik;
import id.niksync.identity.Violation;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.system.CodedProblemException;

import org.springframework.stereotype.Component;

/**
 * Checks what partners hold against the replica ("zero data sharing"): the answer is
 * MATCH or NO_MATCH per field, or NOT_ON_REPLICA for a NIK the replica does not hold.
 * Requests are checked whole before any database access; the read's audit rows (one per
 * NIK) are committed before the answer leaves. Each entry costs one of the institution's
 * requests per second: {@link PartnerGate} took one for the request, a batch takes one
 * more per further entry before its items are checked, or is refused whole. Items refused
 * after that are audited one row per valid NIK as well. The read takes its turn among the
 * partners' reads ({@link ReplicaReads}): bounded, and cancelled after the read timeout,
 * so verifications stuck behind a lock cannot hold every connection either.
 */
@Component
class Verifications {

	private final ReplicaResidents replica;

	private final PartnerAudit audit;

	private final PartnerProperties properties;

	private final PartnerRateLimits limits;

	private final ReplicaReads reads;

	Verifications(ReplicaResidents replica, PartnerAudit audit, PartnerProperties properties, PartnerRateLimits limits,
			ReplicaReads reads) {
		this.replica = replica;
		this.reads = reads;
		this.audit = audit;
		this.properties = properties;
		this.limits = limits;
	}

	List<VerificationResult> verify(AuthenticatedInstitution institution, List<VerificationRequest> requests,
			PartnerOperation operation, String purpose) {
		checkSize(institution, requests);
		if (requests.size() > 1) {
			this.limits.acquire(institution, requests.size() - 1).ifPresent((wait) -> {
				throw new RateLimitedException(wait);
			});
		}
		try {
			checkItems(institution, requests);
			return answered(institution, requests, operation, purpose);
		}
		catch (InvalidVerificationException | FieldNotInScopeException | LookupsBusyException
				| LookupTimedOutException refusal) {
			// items refused, not read, or their read cancelled: the trail still names the
			// NIKs asked about
			auditRefusal(institution, requests, operation, purpose, refusal);
			throw refusal;
		}
	}

	/**
	 * The read, in turn among the partners' reads, then its audit rows, committed (with
	 * concurrent requests' rows) before the answer leaves. The rows are written after the
	 * turn is given back: verifications waiting for a locked or slow audit table held
	 * every read of the instance while they waited, and lookups were refused
	 * {@code LOOKUPS_BUSY} (attack run, 2026-12-05).
	 */
	private List<VerificationResult> answered(AuthenticatedInstitution institution, List<VerificationRequest> requests,
			PartnerOperation operation, String purpose) {
		Map<String, ReplicaResident> found = this.reads
			.inTurn(() -> this.replica.findAll(requests.stream().map(VerificationRequest::nik).distinct().toList()));
		List<VerificationResult> results = new ArrayList<>(requests.size());
		List<PartnerAuditRow> rows = new ArrayList<>(requests.size());
		for (VerificationRequest request : requests) {
			ReplicaResident resident = found.get(request.nik());
			if (resident == null) {
				results.add(VerificationResult.notOnReplica(request.nik()));
				rows.add(PartnerAuditRow.of(institution, operation, purpose, request.nik(), Set.of(),
						ResidentNotFoundException.CODE, (operation == PartnerOperation.VERIFY) ? 404 : 200));
			}
			else {
				results.add(Verifier.verify(request, resident));
				rows.add(PartnerAuditRow.of(institution, operation, purpose, request.nik(), request.claims().keySet(),
						"VERIFIED", 200));
			}
		}
		this.audit.recordNow(rows);
		return results;
	}

	/**
	 * A refusal of items that were read and paid for (one permit each): one row per item
	 * with a valid NIK, the fields it asked about and the refusal's code, so the trail
	 * shows which NIKs an institution asked about even when nothing was answered. Written
	 * and committed before the refusal is answered; without a valid NIK the gate writes
	 * the request's one row.
	 */
	private void auditRefusal(AuthenticatedInstitution institution, List<VerificationRequest> requests,
			PartnerOperation operation, String purpose, CodedProblemException refusal) {
		List<PartnerAuditRow> rows = new ArrayList<>(requests.size());
		for (VerificationRequest request : requests) {
			if (request != null && Nik.parse(request.nik()).isValid()) {
				rows.add(PartnerAuditRow.of(institution, operation, purpose, request.nik(), request.claims().keySet(),
						refusal.code(), refusal.getStatusCode().value()));
			}
		}
		if (!rows.isEmpty()) {
			this.audit.recordNow(rows);
		}
	}

	private void checkSize(AuthenticatedInstitution institution, List<VerificationRequest> requests) {
		// A batch over the institution's requests per second could never get its permits.
		int most = Math.min(this.properties.maxBatchSize(), institution.requestsPerSecond());
		if (requests == null || requests.isEmpty() || requests.size() > most) {
			throw new InvalidVerificationException("BATCH_SIZE", "A batch holds 1 to " + most
					+ " items: each item counts against the institution's requests per second", List.of());
		}
	}

	private void checkItems(AuthenticatedInstitution institution, List<VerificationRequest> requests) {
		List<Map<String, Object>> violations = new ArrayList<>();
		Set<ResidentField> asked = EnumSet.noneOf(ResidentField.class);
		for (int i = 0; i < requests.size(); i++) {
			VerificationRequest request = requests.get(i);
			if (request == null) {
				violations.add(violation(i, "item", "ITEM_REQUIRED", "the item is null"));
				continue;
			}
			for (Violation v : Nik.parse(request.nik()).violations()) {
				violations.add(violation(i, "nik", v.code(), v.message()));
			}
			if (request.claims().isEmpty()) {
				violations.add(violation(i, "item", "NOTHING_TO_VERIFY", "name at least one field to verify"));
			}
			asked.addAll(request.claims().keySet());
		}
		if (!violations.isEmpty()) {
			throw new InvalidVerificationException("VALIDATION_FAILED",
					"The request breaks " + violations.size() + " rule(s)", violations);
		}
		asked.removeAll(this.properties.fieldsOf(institution.type()));
		if (!asked.isEmpty()) {
			throw new FieldNotInScopeException(asked);
		}
	}

	private static Map<String, Object> violation(int index, String field, String code, String message) {
		Map<String, Object> violation = new LinkedHashMap<>();
		violation.put("index", index);
		violation.put("field", field);
		violation.put("code", code);
		violation.put("message", message);
		return violation;
	}

}
