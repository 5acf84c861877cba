package id.niksync.registry.republish;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import id.niksync.identity.KkNumber;
import id.niksync.identity.Nik;
import id.niksync.registry.resident.FieldViolation;
import id.niksync.registry.resident.KkMismatchException;
import id.niksync.registry.resident.RecordedChange;
import id.niksync.registry.resident.ResidentResync;
import id.niksync.registry.system.Caller;
import id.niksync.registry.system.CodedProblemException;
import id.niksync.registry.system.RegistryAudit;
import id.niksync.schemas.registry.ReonlineAccepted;
import id.niksync.schemas.registry.RegistryApi;
import id.niksync.schemas.registry.ReonlineRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-onlines one NIK for a citizen who brings the NIK and the family-card number: the
 * resident's current state goes out again as a RESYNC at the next version, together with
 * its audit row. A wrong family-card number and an unknown NIK get the same answer, and a
 * NIK that collected too many refusals from one account is refused outright to that
 * account for a while. partner-sync asks as its {@code SERVICE} account on behalf of a
 * partner institution, naming the institution and the purpose, and both go into the audit
 * rows beside the account.
 */
@Service
class ReonlineService {

	private static final Logger log = LoggerFactory.getLogger(ReonlineService.class);

	static final String REONLINE = "REONLINE";

	static final String REONLINE_REFUSED = "REONLINE_REFUSED";

	/**
	 * The first key of the re-online's per-NIK advisory locks (the second: the NIK's
	 * hash).
	 */
	private static final int REONLINE_LOCKS = 0x52454F4E;

	private final ResidentResync resync;

	private final RegistryAudit audit;

	private final TransactionTemplate transaction;

	private final RepublishProperties settings;

	private final Clock clock;

	private final JdbcClient jdbc;

	ReonlineService(ResidentResync resync, RegistryAudit audit, TransactionTemplate transaction,
			RepublishProperties settings, Clock clock, JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.resync = resync;
		this.audit = audit;
		this.transaction = transaction;
		this.settings = settings;
		this.clock = clock;
	}

	static final int MAX_ON_BEHALF_LENGTH = ReonlineRequest.MAX_ON_BEHALF_LENGTH;

	ReonlineAccepted reonline(String nik, ReonlineRequest request, Caller caller) {
		List<FieldViolation> violations = new ArrayList<>();
		Nik.parse(nik).violations().forEach((v) -> violations.add(new FieldViolation("nik", v.code(), v.message())));
		KkNumber.parse(request.kkNumber())
			.violations()
			.forEach((v) -> violations.add(new FieldViolation("kkNumber", v.code(), v.message())));
		checkOnBehalf(request, caller, violations);
		InvalidRepublishRequestException.throwIfAny(violations);
		Requester requester = Requester.of(caller, request.reason());
		caller.requireRegion(nik);
		Instant since = this.clock.instant().minus(this.settings.refusedReonlineWindow());
		// Past the limit already: answered without a place in the NIK's queue below, so
		// a flood of attempts on one NIK does not hold the pool's connections waiting.
		long refusedSoFar = this.audit.count(REONLINE_REFUSED, nik, caller.name(), since);
		if (refusedSoFar >= this.settings.maxRefusedReonlines()) {
			throw tooMany(nik, requester, refusedSoFar);
		}
		// null: the family card did not match (that refusal committed with its audit row)
		ReonlineAccepted accepted = this.transaction.execute((tx) -> {
			// One attempt at a time per NIK, registered or not: each counts the
			// refusals of every attempt before it. Counted apart, concurrent wrong
			// guesses each got past the limit's last place, and an unknown NIK
			// (nothing to lock) let more through than a known one.
			// At most a second in that queue (then 503 DATABASE_BUSY, nothing done):
			// each attempt holds it for a few statements. The count below sees what
			// committed before the lock was granted (READ COMMITTED, the default).
			this.jdbc.sql("SET LOCAL lock_timeout = '1s'").update();
			this.jdbc.sql("SELECT pg_advisory_xact_lock(?, hashtext(?))")
				.params(REONLINE_LOCKS, nik)
				.query((rs, row) -> 1)
				.list();
			// Per account: partner-sync's refusals (all partners' guesses) must not lock
			// out a supervisor at the civil registry's counter, who has the card in hand.
			long refused = this.audit.count(REONLINE_REFUSED, nik, caller.name(), since);
			if (refused >= this.settings.maxRefusedReonlines()) {
				// nothing written: the rollback loses nothing
				throw tooMany(nik, requester, refused);
			}
			Optional<RecordedChange> change = this.resync.resyncIfMatches(nik, request.kkNumber(), requester.reason());
			if (change.isEmpty()) {
				// what the limit above counts
				this.audit.record(caller, REONLINE_REFUSED, nik, requester.reason(),
						details(request, "code", KkMismatchException.CODE));
				return null;
			}
			ReonlineAccepted done = new ReonlineAccepted(change.get().changeSeq(), change.get().resident().version());
			this.audit.record(caller, REONLINE, nik, requester.reason(),
					details(request, "changeSeq", done.changeSeq(), "version", done.version()));
			return done;
		});
		if (accepted != null) {
			log.info("Re-onlined {} at version {} for {}{}", Nik.mask(nik), accepted.version(), requester.operator(),
					(request.institution() != null) ? " on behalf of " + request.institution() : "");
			return accepted;
		}
		log.info("Re-online of {} refused for {}: unknown NIK or KK number does not match", Nik.mask(nik),
				requester.operator());
		throw new KkMismatchException();
	}

	private TooManyRefusalsException tooMany(String nik, Requester requester, long refused) {
		log.warn("Re-online of {} refused for {}: {} refused attempts within {}", Nik.mask(nik), requester.operator(),
				refused, this.settings.refusedReonlineWindow());
		return new TooManyRefusalsException();
	}

	/**
	 * Only the service account acts on behalf of an institution, and then names both the
	 * institution and the purpose: half of it could not be traced back to a partner's
	 * request.
	 */
	private static void checkOnBehalf(ReonlineRequest request, Caller caller, List<FieldViolation> violations) {
		if (request.institution() == null && request.purpose() == null) {
			return;
		}
		// The service credential is the one account that acts on every region.
		if (!caller.everywhere()) {
			violations.add(new FieldViolation("institution", "ON_BEHALF_NOT_ALLOWED",
					"only partner-sync's service account re-onlines on behalf of an institution"));
			return;
		}
		requireText("institution", request.institution(), violations);
		requireText("purpose", request.purpose(), violations);
	}

	private static void requireText(String field, String value, List<FieldViolation> violations) {
		if (value == null || value.isBlank() || value.length() > MAX_ON_BEHALF_LENGTH) {
			violations.add(new FieldViolation(field, field.toUpperCase() + "_REQUIRED",
					field + " is required on behalf of an institution (1 to " + MAX_ON_BEHALF_LENGTH + " characters)"));
		}
	}

	/** The audit row's details: the outcome, and for whom partner-sync asked. */
	private static Map<String, Object> details(ReonlineRequest request, String key, Object value, Object... more) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put(key, value);
		for (int i = 0; i + 1 < more.length; i += 2) {
			details.put((String) more[i], more[i + 1]);
		}
		if (request.institution() != null) {
			details.put("institution", request.institution());
			details.put("purpose", request.purpose());
		}
		return details;
	}

	/** 429: this NIK collected too many refused re-onlines from this account recently. */
	static class TooManyRefusalsException extends CodedProblemException {

		TooManyRefusalsException() {
			super(HttpStatus.TOO_MANY_REQUESTS, RegistryApi.REONLINE_ATTEMPTS_EXCEEDED,
					"Too many refused re-online attempts for this NIK from this account recently; the family card"
							+ " must be checked at the civil registry");
		}

	}

}
