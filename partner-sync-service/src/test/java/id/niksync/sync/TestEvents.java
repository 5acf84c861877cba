package id.niksync.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import id.niksync.schemas.avro.Address;
import id.niksync.schemas.avro.ChangeType;
import id.niksync.schemas.avro.MaritalStatus;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.avro.Religion;
import id.niksync.schemas.avro.Resident;
import id.niksync.schemas.avro.ResidentStatus;
import id.niksync.schemas.avro.Sex;

/** Events as the registry would publish them. */
public final class TestEvents {

	private static final AtomicLong changeSeq = new AtomicLong();

	private TestEvents() {
	}

	/**
	 * Version {@code version} of a woman born 5 June 1990; the occupation records the
	 * version.
	 */
	public static NikChanged event(String nik, long version) {
		Resident resident = Resident.newBuilder()
			.setNik(nik)
			.setKkNumber("3511010101100001")
			.setFullName("Siti Aminah")
			.setBirthPlace("Bondowoso")
			.setBirthDate(LocalDate.of(1990, 6, 5))
			.setSex(Sex.FEMALE)
			.setReligion(Religion.ISLAM)
			.setMaritalStatus(MaritalStatus.MARRIED)
			.setOccupation("Occupation v" + version)
			.setNationality("WNI")
			.setAddress(Address.newBuilder()
				.setStreet("Jl. KH. Wahid Hasyim 12")
				.setRt("001")
				.setRw("002")
				.setVillage("Kademangan")
				.setDistrict("Bondowoso")
				.setRegency("Kabupaten Bondowoso")
				.setProvince("Jawa Timur")
				.setPostalCode("68211")
				.build())
			.setStatus(ResidentStatus.ACTIVE)
			.setDataQualityFlags(List.of())
			.build();
		return NikChanged.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setChangeSeq(changeSeq.incrementAndGet())
			.setNik(nik)
			.setVersion(version)
			.setChangeType((version == 1) ? ChangeType.ISSUED : ChangeType.UPDATED)
			.setOccurredAt(Instant.now())
			.setResident(resident)
			.setReason(null)
			.build();
	}

}
