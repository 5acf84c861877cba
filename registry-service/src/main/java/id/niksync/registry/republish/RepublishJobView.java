package id.niksync.registry.republish;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A job's progress as operators see it. {@code ratePerSecond} is residents republished
 * per second since the job started (a resumed job's downtime counts too). A running job
 * names the registry instance working on it ({@code worker}) and until when its claim
 * holds without another batch ({@code leaseUntil}); a lease in the past means the job
 * waits to be taken up again (its instance died, or the database was away).
 */
record RepublishJobView(UUID jobId, RepublishJob.State state, RepublishJob.Kind kind, String regionPrefix,
		Integer nikCount, long total, long done, long missing, double ratePerSecond, String requestedBy, String reason,
		String failure, Instant startedAt, Instant updatedAt, Instant finishedAt, String worker, Instant leaseUntil) {

	static RepublishJobView of(RepublishJob job, Instant now) {
		Instant end = (job.finishedAt() != null) ? job.finishedAt() : now;
		double seconds = Duration.between(job.startedAt(), end).toMillis() / 1000.0;
		double rate = (seconds > 0) ? Math.round(job.done() / seconds * 10) / 10.0 : 0;
		return new RepublishJobView(job.id(), job.state(), job.kind(), job.regionPrefix(), job.nikCount(), job.total(),
				job.done(), job.missing(), rate, job.requestedBy(), job.reason(), job.failure(), job.startedAt(),
				job.updatedAt(), job.finishedAt(), job.worker(), job.leaseUntil());
	}

}
