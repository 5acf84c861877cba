package id.niksync.registry.resident;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import id.niksync.identity.Sex;

/** A resident as the registry holds it: the whole record at one version. */
public record Resident(String nik, String kkNumber, String fullName, String birthPlace, LocalDate birthDate, Sex sex,
		Religion religion, MaritalStatus maritalStatus, String occupation, String nationality, Address address,
		ResidentStatus status, List<String> dataQualityFlags, long version, Instant createdAt, Instant updatedAt) {

	Resident withStatus(ResidentStatus newStatus, Instant at) {
		return new Resident(this.nik, this.kkNumber, this.fullName, this.birthPlace, this.birthDate, this.sex,
				this.religion, this.maritalStatus, this.occupation, this.nationality, this.address, newStatus,
				this.dataQualityFlags, this.version + 1, this.createdAt, at);
	}

	/**
	 * The same facts at the next version: what a RESYNC publishes, so replicas that
	 * already hold the current version still take it (only newer versions are applied).
	 */
	Resident resynced(Instant at) {
		return new Resident(this.nik, this.kkNumber, this.fullName, this.birthPlace, this.birthDate, this.sex,
				this.religion, this.maritalStatus, this.occupation, this.nationality, this.address, this.status,
				this.dataQualityFlags, this.version + 1, this.createdAt, at);
	}

	/**
	 * True when {@code other} records the same facts, whatever the versions and
	 * timestamps.
	 */
	boolean sameFactsAs(Resident other) {
		return this.nik.equals(other.nik) && this.kkNumber.equals(other.kkNumber)
				&& this.fullName.equals(other.fullName) && this.birthPlace.equals(other.birthPlace)
				&& this.birthDate.equals(other.birthDate) && this.sex == other.sex && this.religion == other.religion
				&& this.maritalStatus == other.maritalStatus && this.occupation.equals(other.occupation)
				&& this.nationality.equals(other.nationality) && this.address.equals(other.address)
				&& this.status == other.status;
	}

}
