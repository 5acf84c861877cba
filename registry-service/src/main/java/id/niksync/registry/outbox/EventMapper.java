package id.niksync.registry.outbox;

import java.time.Instant;
import java.util.UUID;

import id.niksync.registry.resident.ChangeType;
import id.niksync.registry.resident.Resident;
import id.niksync.schemas.avro.Address;
import id.niksync.schemas.avro.MaritalStatus;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.avro.Religion;
import id.niksync.schemas.avro.ResidentStatus;
import id.niksync.schemas.avro.Sex;

/**
 * Turns a registry change into the contract's {@code NikChanged}: the whole record after
 * the change.
 */
final class EventMapper {

	private EventMapper() {
	}

	static NikChanged toEvent(long changeSeq, UUID eventId, Resident r, ChangeType type, String reason,
			Instant occurredAt) {
		id.niksync.registry.resident.Address a = r.address();
		return NikChanged.newBuilder()
			.setEventId(eventId.toString())
			.setChangeSeq(changeSeq)
			.setNik(r.nik())
			.setVersion(r.version())
			.setChangeType(id.niksync.schemas.avro.ChangeType.valueOf(type.name()))
			.setOccurredAt(occurredAt)
			.setReason(reason)
			.setResident(id.niksync.schemas.avro.Resident.newBuilder()
				.setNik(r.nik())
				.setKkNumber(r.kkNumber())
				.setFullName(r.fullName())
				.setBirthPlace(r.birthPlace())
				.setBirthDate(r.birthDate())
				.setSex(Sex.valueOf(r.sex().name()))
				.setReligion(Religion.valueOf(r.religion().name()))
				.setMaritalStatus(MaritalStatus.valueOf(r.maritalStatus().name()))
				.setOccupation(r.occupation())
				.setNationality(r.nationality())
				.setAddress(Address.newBuilder()
					.setStreet(a.street())
					.setRt(a.rt())
					.setRw(a.rw())
					.setVillage(a.village())
					.setDistrict(a.district())
					.setRegency(a.regency())
					.setProvince(a.province())
					.setPostalCode(a.postalCode())
					.build())
				.setStatus(ResidentStatus.valueOf(r.status().name()))
				.setDataQualityFlags(r.dataQualityFlags())
				.build())
			.build();
	}

}
