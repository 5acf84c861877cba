package id.niksync.sync.ingest;

import java.util.UUID;

import id.niksync.identity.KkNumber;
import id.niksync.identity.Nik;
import id.niksync.identity.Parsed;
import id.niksync.schemas.avro.Address;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.avro.Resident;
import id.niksync.sync.deadletter.DeadLetterReason;
import id.niksync.sync.replica.ReplicaRecord;

/**
 * Checks an event against the contract's rules and maps it to the replica's own record,
 * so nothing past ingestion depends on the generated Avro classes.
 */
final class EventMapper {

	private EventMapper() {
	}

	static ReplicaRecord toReplica(String key, NikChanged event) {
		Resident r = event.getResident();
		Parsed<Nik> nik = Nik.parse(event.getNik());
		if (!nik.isValid()) {
			throw new InvalidEventException(DeadLetterReason.INVALID_NIK, "Event NIK is invalid: " + codes(nik));
		}
		if (!event.getNik().equals(key) || !event.getNik().equals(r.getNik())) {
			throw new InvalidEventException(DeadLetterReason.KEY_MISMATCH,
					"Record key, event NIK and resident NIK differ");
		}
		Parsed<KkNumber> kk = KkNumber.parse(r.getKkNumber());
		if (!kk.isValid()) {
			throw new InvalidEventException(DeadLetterReason.INVALID_KK, "Event KK number is invalid: " + codes(kk));
		}
		if (event.getVersion() < 1) {
			throw new InvalidEventException(DeadLetterReason.INVALID_EVENT, "Event version must be at least 1");
		}
		Address a = r.getAddress();
		return new ReplicaRecord(event.getNik(), r.getKkNumber(), r.getFullName(), r.getBirthPlace(), r.getBirthDate(),
				r.getSex().name(), r.getReligion().name(), r.getMaritalStatus().name(), r.getOccupation(),
				r.getNationality(), a.getStreet(), a.getRt(), a.getRw(), a.getVillage(), a.getDistrict(),
				a.getRegency(), a.getProvince(), a.getPostalCode(), r.getStatus().name(),
				String.join(",", r.getDataQualityFlags()), event.getVersion(), event.getChangeSeq(),
				UUID.fromString(event.getEventId()), event.getChangeType().name(), event.getOccurredAt());
	}

	private static String codes(Parsed<?> parsed) {
		return parsed.violations().stream().map((v) -> v.code()).toList().toString();
	}

}
