package id.niksync.schemas.registry;

import java.util.UUID;

/**
 * The {@code 202} answer to a {@link RepublishRequest}; the job's progress is at
 * {@code GET /api/v1/republish/{jobId}}.
 *
 * @param jobId the job
 */
public record RepublishStarted(UUID jobId) {

}
