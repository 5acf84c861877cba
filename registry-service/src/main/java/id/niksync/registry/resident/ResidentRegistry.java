package id.niksync.registry.resident;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import id.niksync.identity.Nik;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers residents and records their changes. Each accepted change writes the resident
 * at its next version and one change-log (outbox) entry in the same transaction, so a
 * change the API acknowledged is never lost on its way to the replica (G1).
 */
@Service
public class ResidentRegistry {

	private final ResidentRepository residents;

	private final ResidentValidator validator;

	private final ChangeLog changeLog;

	private final Clock clock;

	ResidentRegistry(ResidentRepository residents, ResidentValidator validator, ChangeLog changeLog, Clock clock) {
		this.residents = residents;
		this.validator = validator;
		this.changeLog = changeLog;
		this.clock = clock;
	}

	@Transactional
	public RecordedChange register(ResidentRequest request) {
		Nik nik = this.validator.check(request);
		Instant now = now();
		Resident resident = new Resident(nik.value(), request.kkNumber(), request.fullName(), request.birthPlace(),
				request.birthDate(), request.sex(), request.religion(), request.maritalStatus(), request.occupation(),
				request.nationality(), request.address(), ResidentStatus.ACTIVE,
				DataQuality.flags(nik, request.birthDate(), request.sex()), 1, now, now);
		if (!this.residents.insert(resident)) {
			throw new ResidentAlreadyExistsException(nik.value());
		}
		return record(resident, ChangeType.ISSUED, null);
	}

	@Transactional(readOnly = true)
	public Resident get(String nik) {
		ResidentValidator.checkNik(nik);
		return this.residents.find(nik).orElseThrow(() -> new ResidentNotFoundException(nik));
	}

	/**
	 * Replaces the record's facts (the NIK and status stay). A request identical to what
	 * is stored changes nothing, so a retried {@code PUT} does not produce a second
	 * version.
	 */
	@Transactional
	public RecordedChange update(String pathNik, ResidentRequest request, Long expectedVersion) {
		ResidentValidator.checkNik(pathNik);
		if (request.nik() != null && !request.nik().equals(pathNik)) {
			throw new InvalidResidentException(
					java.util.List.of(new FieldViolation("nik", "NIK_MISMATCH", "the NIK cannot be changed")));
		}
		Nik nik = this.validator.check(request.withNik(pathNik));
		Resident current = lock(pathNik, expectedVersion);
		Resident updated = new Resident(current.nik(), request.kkNumber(), request.fullName(), request.birthPlace(),
				request.birthDate(), request.sex(), request.religion(), request.maritalStatus(), request.occupation(),
				request.nationality(), request.address(), current.status(),
				DataQuality.flags(nik, request.birthDate(), request.sex()), current.version() + 1, current.createdAt(),
				now());
		if (updated.sameFactsAs(current)) {
			return new RecordedChange(current, null);
		}
		this.residents.update(updated);
		return record(updated, ChangeType.UPDATED, null);
	}

	@Transactional
	public RecordedChange changeStatus(String nik, StatusChangeRequest request, Long expectedVersion) {
		ResidentValidator.checkNik(nik);
		this.validator.check(request);
		Resident current = lock(nik, expectedVersion);
		if (current.status() == request.status()) {
			return new RecordedChange(current, null);
		}
		Resident updated = current.withStatus(request.status(), now());
		this.residents.update(updated);
		return record(updated, changeTypeFor(request.status()), request.reason());
	}

	private Resident lock(String nik, Long expectedVersion) {
		Resident current = this.residents.findForUpdate(nik).orElseThrow(() -> new ResidentNotFoundException(nik));
		if (expectedVersion != null && expectedVersion != current.version()) {
			throw new VersionMismatchException(expectedVersion, current.version());
		}
		return current;
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
