package id.niksync.sync.partner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import id.niksync.identity.KkNumber;
import id.niksync.identity.Nik;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.access.InstitutionPermission;
import id.niksync.sync.reonline.ReonlineCallbacks;
import id.niksync.sync.reonline.ReonlineRequest;
import id.niksync.sync.reonline.ReonlineRequests;
import id.niksync.sync.system.CodedProblemException;
import id.niksync.sync.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A partner's re-online request, top to bottom: the institution's permission, the input
 * (checked whole before anything is stored), the request stored with its audit row (or
 * refused, audited with its NIK), then forwarded to the registry. Reading a request and
 * setting the callback are audited in the transaction that does them.
 */
@Component
class PartnerReonline {

	private final ReonlineRequests requests;

	private final ReonlineCallbacks callbacks;

	private final PartnerAudit audit;

	private final TransactionTemplate transaction;

	PartnerReonline(ReonlineRequests requests, ReonlineCallbacks callbacks, PartnerAudit audit,
			TransactionTemplate transaction) {
		this.requests = requests;
		this.callbacks = callbacks;
		this.audit = audit;
		this.transaction = transaction;
	}

	ReonlineRequest.PartnerView request(AuthenticatedInstitution institution, String nikText, String kkNumber,
			String purpose) {
		requirePermission(institution);
		List<Map<String, String>> violations = new ArrayList<>();
		Nik.parse(nikText)
			.violations()
			.forEach((v) -> violations.add(Problems.violation("nik", v.code(), v.message())));
		KkNumber.parse(kkNumber)
			.violations()
			.forEach((v) -> violations.add(Problems.violation("kkNumber", v.code(), v.message())));
		if (!violations.isEmpty()) {
			throw new CodedProblemException(Problems.validationFailed(violations), null);
		}
		Nik nik = Nik.of(nikText);
		ReonlineRequest opened;
		try {
			opened = this.transaction.execute((tx) -> {
				ReonlineRequest stored = this.requests.open(institution, nik, purpose);
				this.audit.record(List.of(row(institution, PartnerOperation.REONLINE_REQUEST, purpose, nik.value(),
						"ACCEPTED", HttpStatus.ACCEPTED.value())));
				return stored;
			});
		}
		catch (CodedProblemException ex) {
			// the NIK in the body, which the gate's row would not have; the gate then
			// writes none
			this.audit.recordNow(row(institution, PartnerOperation.REONLINE_REQUEST, purpose, nik.value(), ex.code(),
					ex.getStatusCode().value()));
			throw ex;
		}
		return this.requests.forward(opened, kkNumber, institution).forPartner(true);
	}

	ReonlineRequest.PartnerView status(AuthenticatedInstitution institution, String id, String purpose) {
		requirePermission(institution);
		return this.transaction.execute((tx) -> {
			ReonlineRequest request = this.requests.ofInstitution(id, institution.id());
			this.audit.record(List.of(row(institution, PartnerOperation.REONLINE_STATUS, purpose, request.nik(), "OK",
					HttpStatus.OK.value())));
			return request.forPartner(true);
		});
	}

	ReonlineCallbacks.Registered setCallback(AuthenticatedInstitution institution, String url, String purpose) {
		requirePermission(institution);
		return this.transaction.execute((tx) -> {
			ReonlineCallbacks.Registered registered = this.callbacks.set(institution, url);
			this.audit.record(List
				.of(row(institution, PartnerOperation.REONLINE_CALLBACK, purpose, null, "OK", HttpStatus.OK.value())));
			return registered;
		});
	}

	void removeCallback(AuthenticatedInstitution institution, String purpose) {
		requirePermission(institution);
		this.transaction.executeWithoutResult((tx) -> {
			this.callbacks.remove(institution);
			this.audit.record(List.of(row(institution, PartnerOperation.REONLINE_CALLBACK, purpose, null, "REMOVED",
					HttpStatus.NO_CONTENT.value())));
		});
	}

	private static void requirePermission(AuthenticatedInstitution institution) {
		if (!institution.may(InstitutionPermission.REONLINE)) {
			throw new CodedProblemException(HttpStatus.FORBIDDEN, "PERMISSION_REQUIRED",
					"This institution may not ask for re-onlines; an administrator grants REONLINE");
		}
	}

	private static PartnerAuditRow row(AuthenticatedInstitution institution, PartnerOperation operation, String purpose,
			String nik, String outcome, int status) {
		return PartnerAuditRow.of(institution, operation, purpose, nik, Set.of(), outcome, status);
	}

}
