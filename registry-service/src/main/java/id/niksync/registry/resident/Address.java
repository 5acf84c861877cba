package id.niksync.registry.resident;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record Address(@NotBlank @Size(max = 200) String street, @NotBlank @Pattern(regexp = "\\d{3}") String rt,
		@NotBlank @Pattern(regexp = "\\d{3}") String rw, @NotBlank @Size(max = 100) String village,
		@NotBlank @Size(max = 100) String district, @NotBlank @Size(max = 100) String regency,
		@NotBlank @Size(max = 100) String province, @NotBlank @Pattern(regexp = "\\d{5}") String postalCode) {

}
