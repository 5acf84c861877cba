package id.niksync.sync.partner;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A resident as one institution may see it: the fields of its type's scope, the others
 * left out (never sent as null), plus the bookkeeping every answer has.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Only the fields the institution's type is entitled to are present; version, status, "
		+ "registryChangedAt and replicatedAt always are.")
record PartnerResident(String kkNumber, String fullName, String birthPlace, LocalDate birthDate, String sex,
		String religion, String maritalStatus, String occupation, String nationality, Address address,
		@Schema(description = "the registry's version of this record") long version,
		@Schema(description = "ACTIVE, INACTIVE or DECEASED") String status,
		@Schema(description = "when the registry committed this version") Instant registryChangedAt,
		@Schema(description = "when the replica applied it") Instant replicatedAt) {

	static PartnerResident of(ReplicaResident r, Set<ResidentField> scope) {
		return new PartnerResident(in(scope, ResidentField.KK_NUMBER, r.kkNumber()),
				in(scope, ResidentField.FULL_NAME, r.fullName()), in(scope, ResidentField.BIRTH_PLACE, r.birthPlace()),
				in(scope, ResidentField.BIRTH_DATE, r.birthDate()), in(scope, ResidentField.SEX, r.sex()),
				in(scope, ResidentField.RELIGION, r.religion()),
				in(scope, ResidentField.MARITAL_STATUS, r.maritalStatus()),
				in(scope, ResidentField.OCCUPATION, r.occupation()),
				in(scope, ResidentField.NATIONALITY, r.nationality()), in(scope, ResidentField.ADDRESS, r.address()),
				r.version(), r.status(), r.registryChangedAt(), r.replicatedAt());
	}

	private static <T> T in(Set<ResidentField> scope, ResidentField field, T value) {
		return scope.contains(field) ? value : null;
	}

	record Address(String street, String rt, String rw, String village, String district, String regency,
			String province, String postalCode) {
	}

}
