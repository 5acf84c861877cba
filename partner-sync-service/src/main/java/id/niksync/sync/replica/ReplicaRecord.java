package id.niksync.sync.replica;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One resident as the replica stores it: the full record of a registry version, with the
 * event bookkeeping that says which change it is.
 */
public record ReplicaRecord(String nik, String kkNumber, String fullName, String birthPlace, LocalDate birthDate,
		String sex, String religion, String maritalStatus, String occupation, String nationality, String street,
		String rt, String rw, String village, String district, String regency, String province, String postalCode,
		String status, String dataQualityFlags, long version, long changeSeq, UUID eventId, String changeType,
		Instant registryChangedAt) {

}
