package id.niksync.registry.republish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import id.niksync.identity.KkNumber;
import id.niksync.identity.Nik;
import id.niksync.registry.resident.FieldViolation;
import id.niksync.registry.resident.KkMismatchException;
import id.niksync.registry.resident.RecordedChange;
import id.niksync.registry.resident.ResidentResync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-onlines one NIK for a citizen who brings the NIK and the family-card number: the
 * resident's current state goes out again as a RESYNC at the next version, together with
 * its audit row.
 */
@Service
class ReonlineService {

	private static final Logger log = LoggerFactory.getLogger(ReonlineService.class);

	static final String DEFAULT_REASON = "re-online requested";

	private final ResidentResync resync;

	private final RegistryAudit audit;

	private final TransactionTemplate transaction;

	ReonlineService(ResidentResync resync, RegistryAudit audit, TransactionTemplate transaction) {
		this.resync = resync;
		this.audit = audit;
		this.transaction = transaction;
	}

	ReonlineResponse reonline(String nik, ReonlineRequest request, String operatorHeader) {
		List<FieldViolation> violations = new ArrayList<>();
		Nik.parse(nik).violations().forEach((v) -> violations.add(new FieldViolation("nik", v.code(), v.message())));
		KkNumber.parse(request.kkNumber())
			.violations()
			.forEach((v) -> violations.add(new FieldViolation("kkNumber", v.code(), v.message())));
		Requester requester = Requester.of(operatorHeader, request.reason(), violations);
		InvalidRepublishRequestException.throwIfAny(violations);
		try {
			ReonlineResponse response = this.transaction.execute((tx) -> {
				RecordedChange change = this.resync.resync(nik, request.kkNumber(), requester.reasonOr(DEFAULT_REASON));
				ReonlineResponse done = new ReonlineResponse(change.changeSeq(), change.resident().version());
				this.audit.record(requester, RegistryAudit.REONLINE, nik,
						Map.of("changeSeq", done.changeSeq(), "version", done.version()));
				return done;
			});
			log.info("Re-onlined {} at version {} for {}", Nik.mask(nik), response.version(), requester.operator());
			return response;
		}
		catch (KkMismatchException ex) {
			// Refusals are audited too, in a transaction of their own (the first rolled
			// back): repeated mismatches on one NIK are someone guessing family cards.
			this.transaction.executeWithoutResult((tx) -> this.audit.record(requester, RegistryAudit.REONLINE_REFUSED,
					nik, Map.of("code", "KK_MISMATCH")));
			log.info("Re-online of {} refused for {}: KK number does not match", Nik.mask(nik), requester.operator());
			throw ex;
		}
	}

}
