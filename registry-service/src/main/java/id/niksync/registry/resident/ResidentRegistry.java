package id.niksync.registry.resident;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import id.niksync.identity.Nik;
import id.niksync.registry.system.Caller;
import id.niksync.registry.system.Reasons;
import id.niksync.registry.system.RegistryAudit;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers residents and records their changes. Each accepted change writes the resident
 * at its next version and one change-log (outbox) entry in the same transaction, so a
 * change the API acknowledged is never lost on its way to the replica (G1).
 */
@Service
public class ResidentRegistry {

	static final String REGISTERED = "RESIDENT_REGISTERED";

	static final String UPDATED = "RESIDENT_UPDATED";

	static final String STATUS_CHANGED = "RESIDENT_STATUS_CHANGED";

	static final String VIEWED = "RESIDENT_VIEWED";

	private final ResidentRepository residents;

	private final ResidentValidator validator;

	private final ChangeLog changeLog;

	private final Clock clock;

	private final RegistryProperties properties;

	private final RegistryAudit audit;

	ResidentRegistry(ResidentRepository residents, ResidentValidator validator, ChangeLog changeLog, Clock clock,
			RegistryProperties properties, RegistryAudit audit) {
		this.audit = audit;
		this.residents = residents;
		this.validator = validator;
		this.changeLog = changeLog;
		this.clock = clock;
		this.properties = properties;
	}

	@Transactional
	public RecordedChange register(ResidentRequest request, Caller caller) {
		Resident resident = issued(this.validator.check(request), request, now());
		caller.requireRegion(resident.nik());
		if (!this.residents.insert(resident)) {
			throw new ResidentAlreadyExistsException(resident.nik());
		}
		return audited(record(resident, ChangeType.ISSUED, null), caller, REGISTERED, null);
	}

	/**
	 * Registers a whole batch or nothing: each resident as {@link #register} would, but
	 * with one statement for the residents and one for their change-log entries, so bulk
	 * imports are not limited by round trips.
	 * @return the changes, in the order of {@code requests}
	 * @throws InvalidBatchException if the batch is empty or too large
	 * @throws InvalidResidentException listing every violation of every resident
	 * @throws ResidentsAlreadyExistException listing the NIKs already registered
	 * @throws Caller.RegionNotAllowedException if any NIK lies outside the caller's
	 * regions
	 */
	@Transactional
	public List<RecordedChange> registerAll(List<ResidentRequest> requests, Caller caller) {
		int max = this.properties.maxBatchSize();
		if (requests == null || requests.isEmpty()) {
			throw InvalidBatchException.empty(max);
		}
		if (requests.size() > max) {
			throw InvalidBatchException.tooLarge(requests.size(), max);
		}
		List<Nik> niks = this.validator.checkAll(requests);
		if (!caller.outside(niks.stream().map(Nik::value).toList()).isEmpty()) {
			throw new Caller.RegionNotAllowedException();
		}
		Instant now = now();
		List<Resident> issued = new ArrayList<>(requests.size());
		for (int i = 0; i < requests.size(); i++) {
			issued.add(issued(niks.get(i), requests.get(i), now));
		}
		Set<String> inserted = this.residents.insertAll(issued);
		if (inserted.size() != issued.size()) {
			// Throwing rolls back the residents that were inserted: all or nothing.
			throw new ResidentsAlreadyExistException(
					issued.stream().map(Resident::nik).filter((nik) -> !inserted.contains(nik)).toList());
		}
		List<Long> changeSeqs = this.changeLog.appendAll(issued, ChangeType.ISSUED, null, now);
		List<RecordedChange> changes = new ArrayList<>(issued.size());
		for (int i = 0; i < issued.size(); i++) {
			changes.add(new RecordedChange(issued.get(i), changeSeqs.get(i)));
		}
		this.audit.recordAll(caller, REGISTERED, issued.stream().map(Resident::nik).toList(), null,
				Map.of("batch", issued.size(), "version", 1));
		return changes;
	}

	/**
	 * One full record, for an account of its region; the read is audited with it (a full
	 * record holds the family-card number re-online asks for).
	 */
	@Transactional
	public Resident get(String nik, Caller caller) {
		ResidentValidator.checkNik(nik);
		caller.requireRegion(nik);
		Resident resident = this.residents.find(nik).orElseThrow(() -> new ResidentNotFoundException(nik));
		this.audit.record(caller, VIEWED, nik, null, Map.of("version", resident.version()));
		return resident;
	}

	/**
	 * Replaces the record's facts (the NIK and status stay). A request identical to what
	 * is stored changes nothing, so a retried {@code PUT} does not produce a second
	 * version.
	 */
	@Transactional
	public RecordedChange update(String pathNik, ResidentRequest request, Long expectedVersion, Caller caller) {
		ResidentValidator.checkNik(pathNik);
		caller.requireRegion(pathNik);
		if (request.nik() != null && !request.nik().equals(pathNik)) {
			throw new InvalidResidentException(
					List.of(new FieldViolation("nik", "NIK_MISMATCH", "the NIK cannot be changed")));
		}
		Nik nik = this.validator.check(request.withNik(pathNik));
		Resident current = lock(pathNik, expectedVersion);
		Resident updated = new Resident(current.nik(), request.kkNumber(), request.fullName(), request.birthPlace(),
				request.birthDate(), request.sex(), request.religion(), request.maritalStatus(), request.occupation(),
				request.nationality(), request.address(), current.status(),
				DataQuality.flags(nik, request.birthDate(), request.sex()), current.version() + 1, current.createdAt(),
				now());
		if (updated.sameFactsAs(current)) {
			return audited(new RecordedChange(current, null), caller, UPDATED, null);
		}
		this.residents.update(updated);
		return audited(record(updated, ChangeType.UPDATED, null), caller, UPDATED, null);
	}

	@Transactional
	public RecordedChange changeStatus(String nik, StatusChangeRequest request, Long expectedVersion, Caller caller) {
		ResidentValidator.checkNik(nik);
		String reason = Reasons.required(request.reason());
		this.validator.check(request);
		caller.requireRegion(nik);
		Resident current = lock(nik, expectedVersion);
		if (current.status() == request.status()) {
			return audited(new RecordedChange(current, null), caller, STATUS_CHANGED, reason);
		}
		Resident updated = current.withStatus(request.status(), now());
		this.residents.update(updated);
		return audited(record(updated, changeTypeFor(request.status()), reason), caller, STATUS_CHANGED, reason);
	}

	private Resident lock(String nik, Long expectedVersion) {
		Resident current = this.residents.findForUpdate(nik).orElseThrow(() -> new ResidentNotFoundException(nik));
		if (expectedVersion != null && expectedVersion != current.version()) {
			throw new VersionMismatchException(expectedVersion, current.version());
		}
		return current;
	}

	private static Resident issued(Nik nik, ResidentRequest request, Instant now) {
		return new Resident(nik.value(), request.kkNumber(), request.fullName(), request.birthPlace(),
				request.birthDate(), request.sex(), request.religion(), request.maritalStatus(), request.occupation(),
				request.nationality(), request.address(), ResidentStatus.ACTIVE,
				DataQuality.flags(nik, request.birthDate(), request.sex()), 1, now, now);
	}

	/**
	 * The change's audit row, in its transaction. A change that altered nothing (a
	 * retried request) is audited too, with no changeSeq.
	 */
	private RecordedChange audited(RecordedChange change, Caller caller, String action, String reason) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("version", change.resident().version());
		details.put("status", change.resident().status().name());
		if (change.changeSeq() != null) {
			details.put("changeSeq", change.changeSeq());
		}
		this.audit.record(caller, action, change.resident().nik(), reason, details);
		return change;
	}

	private RecordedChange record(Resident resident, ChangeType type, String reason) {
		long changeSeq = this.changeLog.append(resident, type, reason, resident.updatedAt());
		return new RecordedChange(resident, changeSeq);
	}

	private static ChangeType changeTypeFor(ResidentStatus status) {
		return switch (status) {
			case ACTIVE -> ChangeType.REACTIVATED;
			case INACTIVE -> ChangeType.DEACTIVATED;
			case DECEASED -> ChangeType.DECEASED;
		};
	}

	private Instant now() {
		// Millisecond precision: the event carries timestamp-millis, and the row must
		// equal the event.
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
