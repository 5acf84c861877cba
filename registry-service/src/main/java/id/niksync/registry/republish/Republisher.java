package id.niksync.registry.republish;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import id.niksync.registry.resident.ResidentResync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Republishes one batch of a job. The residents' new versions, their outbox rows and the
 * job's progress and cursor commit in one transaction, so a batch is either republished
 * and counted, or neither.
 */
@Component
class Republisher {

	private static final Logger log = LoggerFactory.getLogger(Republisher.class);

	private final RepublishJobRepository jobs;

	private final ResidentResync resync;

	private final RepublishProperties settings;

	private final Clock clock;

	Republisher(RepublishJobRepository jobs, ResidentResync resync, RepublishProperties settings, Clock clock) {
		this.jobs = jobs;
		this.resync = resync;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * @param worker the instance that claimed the job; a batch renews its claim
	 * @return whether the job has more to do (false too when {@code worker} no longer
	 * holds it)
	 */
	@Transactional
	boolean republishNextBatch(UUID jobId, String worker) {
		RepublishJob job = this.jobs.lockRunning(jobId, worker).orElse(null);
		if (job == null) {
			return false;
		}
		int size = this.settings.batchSize();
		String reason = (job.reason() != null) ? job.reason() : "republish job " + job.id();
		// walked: the NIKs the cursor passes; those of them not registered count as
		// missing.
		List<String> walked;
		List<String> republished;
		if (job.kind() == RepublishJob.Kind.REGION) {
			republished = this.resync.resyncRegion(job.regionPrefix(), job.resumeAfter(), size, reason);
			walked = republished;
		}
		else {
			walked = this.jobs.listedAfter(jobId, job.resumeAfter(), size);
			republished = this.resync.resyncListed(walked, this.jobs.aboveVersions(jobId, walked), reason);
		}
		boolean finished = walked.size() < size;
		String cursor = walked.isEmpty() ? null : walked.get(walked.size() - 1);
		RepublishJobRepository.Totals totals = this.jobs.advance(jobId, republished.size(),
				walked.size() - republished.size(), cursor, finished, this.settings.lease(), this.clock.instant());
		if (finished) {
			log.info("Republish job {} completed: {} republished, {} missing", jobId, totals.done(), totals.missing());
		}
		return !finished;
	}

	/**
	 * @param failure why, for operators: exception types and counts only, since driver
	 * messages can quote row values, NIKs included
	 */
	@Transactional
	void fail(UUID jobId, String failure) {
		this.jobs.fail(jobId, failure, this.clock.instant());
	}

}
