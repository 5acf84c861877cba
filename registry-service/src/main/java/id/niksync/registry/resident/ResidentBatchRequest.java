package id.niksync.registry.resident;

import java.util.List;

/** Residents to register together, e.g. a regency office's bulk import. */
record ResidentBatchRequest(List<ResidentRequest> residents) {

}
