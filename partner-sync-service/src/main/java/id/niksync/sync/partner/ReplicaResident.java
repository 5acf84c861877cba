package id.niksync.sync.partner;

import java.time.Instant;
import java.time.LocalDate;

/** One resident as the replica holds it, read for partners. */
record ReplicaResident(String nik, String kkNumber, String fullName, String birthPlace, LocalDate birthDate, String sex,
		String religion, String maritalStatus, String occupation, String nationality, PartnerResident.Address address,
		String status, long version, Instant registryChangedAt, Instant replicatedAt) {

}
