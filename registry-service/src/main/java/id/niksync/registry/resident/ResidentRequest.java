package id.niksync.registry.resident;

import java.time.LocalDate;

import id.niksync.identity.Sex;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A resident as a registry operator submits it. The NIK and KK number are checked by
 * their value types ({@code Nik.parse}, {@code KkNumber.parse}); everything else by the
 * annotations here, which {@link ResidentConstraints} checks by hand; the birth date's
 * range by {@link ResidentValidator}. On {@code PUT} the NIK comes from the path and may
 * be omitted here.
 */
public record ResidentRequest(String nik, String kkNumber, @NotBlank @Size(max = 200) String fullName,
		@NotBlank @Size(max = 100) String birthPlace, @NotNull LocalDate birthDate, @NotNull Sex sex,
		@NotNull Religion religion, @NotNull MaritalStatus maritalStatus, @NotBlank @Size(max = 100) String occupation,
		@NotBlank @Pattern(regexp = "WNI|WNA", message = "must be WNI or WNA") String nationality,
		@NotNull @Valid Address address) {

	ResidentRequest withNik(String pathNik) {
		return new ResidentRequest(pathNik, this.kkNumber, this.fullName, this.birthPlace, this.birthDate, this.sex,
				this.religion, this.maritalStatus, this.occupation, this.nationality, this.address);
	}

}
