package id.niksync.registry.resident;

import jakarta.validation.constraints.NotNull;

/**
 * @param reason checked by {@code Reasons.required} alone (1 to 500 characters, counted
 * as code points, as PostgreSQL counts them): a {@code @Size} beside it counted UTF-16
 * units, so 251 emoji were {@code FIELD_LENGTH} rather than a reason (attack run
 * 2026-12-06)
 */
public record StatusChangeRequest(@NotNull ResidentStatus status, String reason) {

}
