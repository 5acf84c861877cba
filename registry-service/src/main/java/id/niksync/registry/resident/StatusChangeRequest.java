package id.niksync.registry.resident;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record StatusChangeRequest(@NotNull ResidentStatus status, @NotBlank @Size(max = 500) String reason) {

}
