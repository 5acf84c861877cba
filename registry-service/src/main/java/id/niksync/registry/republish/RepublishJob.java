package id.niksync.registry.republish;

import java.time.Instant;
import java.util.UUID;

/**
 * A republish job as stored. {@code lastNik} is the cursor: every NIK up to it has been
 * handled, in committed batches. {@code worker} is the registry instance that holds a
 * running job until {@code leaseUntil}.
 */
record RepublishJob(UUID id, Kind kind, String regionPrefix, Integer nikCount, State state, long total, long done,
		long missing, String lastNik, String requestedBy, String reason, String failure, Instant startedAt,
		Instant updatedAt, Instant finishedAt, String worker, Instant leaseUntil) {

	enum Kind {

		REGION, NIKS

	}

	enum State {

		RUNNING, COMPLETED, FAILED

	}

	/** Where the next batch starts: after the cursor, or from the beginning. */
	String resumeAfter() {
		return (this.lastNik != null) ? this.lastNik : "";
	}

}
