package id.niksync.registry.republish;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import id.niksync.access.Uuids;
import id.niksync.registry.resident.FieldViolation;
import id.niksync.registry.resident.ResidentResync;
import id.niksync.registry.system.Caller;
import id.niksync.registry.system.RegistryAudit;
import id.niksync.schemas.registry.RepublishRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Starts republish jobs and reports their progress. A job row and its audit row commit
 * together; the worker is handed the job only after that commit.
 */
@Service
class RepublishJobs {

	static final String REPUBLISH_REGION = "REPUBLISH_REGION";

	static final String REPUBLISH_NIKS = "REPUBLISH_NIKS";

	static final String REPUBLISH_RESUMED = "REPUBLISH_RESUMED";

	private static final Logger log = LoggerFactory.getLogger(RepublishJobs.class);

	private final RepublishJobRepository jobs;

	private final ResidentResync resync;

	private final RegistryAudit audit;

	private final RepublishWorker worker;

	private final RepublishProperties settings;

	private final Clock clock;

	RepublishJobs(RepublishJobRepository jobs, ResidentResync resync, RegistryAudit audit, RepublishWorker worker,
			RepublishProperties settings, Clock clock) {
		this.jobs = jobs;
		this.resync = resync;
		this.audit = audit;
		this.worker = worker;
		this.settings = settings;
		this.clock = clock;
	}

	@Transactional
	UUID start(RepublishRequest request, Caller caller) {
		List<FieldViolation> violations = new ArrayList<>();
		RepublishScope scope = RepublishScope.of(request, this.settings.maxNiks(), violations);
		InvalidRepublishRequestException.throwIfAny(violations);
		Requester requester = Requester.of(caller, request.reason());
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		if (scope instanceof RepublishScope.Region region) {
			caller.requireRegion(region.prefix());
			this.jobs.lockRegionJobs();
			if (this.jobs.runningOverlapping(region.prefix())) {
				throw new RepublishAlreadyRunningException();
			}
			long total = this.resync.countRegion(region.prefix());
			this.jobs.insertRegion(id, region.prefix(), total, requester, now);
			this.audit.record(caller, REPUBLISH_REGION, region.prefix(), requester.reason(),
					Map.of("jobId", id, "total", total));
			log.info("Republish job {} started by {}: region {}, {} residents", id, requester.operator(),
					region.prefix(), total);
		}
		else if (scope instanceof RepublishScope.Listed listed) {
			if (!caller.outside(listed.niks()).isEmpty()) {
				throw new Caller.RegionNotAllowedException();
			}
			long total = this.resync.countRegistered(listed.niks());
			this.jobs.insertListed(id, listed.niks(), listed.aboveVersions(), total, requester, now);
			// The NIKs themselves are in republish_job_nik, under the job id.
			this.audit.record(caller, REPUBLISH_NIKS, id.toString(), requester.reason(), Map.of("jobId", id, "nikCount",
					listed.niks().size(), "total", total, "aboveVersions", listed.aboveVersions().size()));
			log.info("Republish job {} started by {}: {} NIKs, {} registered", id, requester.operator(),
					listed.niks().size(), total);
		}
		submitAfterCommit(id);
		return id;
	}

	/**
	 * A supervisor sends a FAILED job on from its cursor, with a reason, within their
	 * regions; audited like a start (target: the region, or the job id of a NIK list).
	 */
	@Transactional
	RepublishJobView resume(String jobId, ResumeRequest request, Caller caller) {
		Requester requester = Requester.of(caller, (request != null) ? request.reason() : null);
		RepublishJob job = parse(jobId).flatMap(this.jobs::lock).orElseThrow(RepublishJobNotFoundException::new);
		requireRegions(job, caller);
		String target = (job.kind() == RepublishJob.Kind.REGION) ? job.regionPrefix() : job.id().toString();
		if (job.state() != RepublishJob.State.FAILED) {
			throw new RepublishJobNotFailedException(job.state());
		}
		if (job.kind() == RepublishJob.Kind.REGION) {
			this.jobs.lockRegionJobs();
			if (this.jobs.runningOverlapping(job.regionPrefix())) {
				throw new RepublishAlreadyRunningException();
			}
		}
		Instant now = this.clock.instant();
		this.jobs.resume(job.id(), now);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("jobId", job.id());
		details.put("failure", job.failure());
		details.put("done", job.done());
		this.audit.record(caller, REPUBLISH_RESUMED, target, requester.reason(), details);
		log.info("Republish job {} resumed by {} after {} of {}: {}", job.id(), requester.operator(), job.done(),
				job.total(), job.failure());
		submitAfterCommit(job.id());
		return this.jobs.find(job.id())
			.map((resumed) -> RepublishJobView.of(resumed, now))
			.orElseThrow(RepublishJobNotFoundException::new);
	}

	/** The worker is handed a job only once the row it reads has committed. */
	private void submitAfterCommit(UUID id) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				RepublishJobs.this.worker.submit(id);
			}
		});
	}

	/**
	 * Within the caller's regions, as starting and resuming it: a job elsewhere (its
	 * reason, who started it) is another region's business.
	 */
	@Transactional(readOnly = true)
	RepublishJobView progress(String jobId, Caller caller) {
		RepublishJob job = parse(jobId).flatMap(this.jobs::find).orElseThrow(RepublishJobNotFoundException::new);
		requireRegions(job, caller);
		return RepublishJobView.of(job, this.clock.instant());
	}

	private void requireRegions(RepublishJob job, Caller caller) {
		if (caller.everywhere()) {
			return;
		}
		if (job.kind() == RepublishJob.Kind.REGION) {
			caller.requireRegion(job.regionPrefix());
		}
		else if (this.jobs.listsOutside(job.id(), caller.regions())) {
			throw new Caller.RegionNotAllowedException();
		}
	}

	/** Not a job id in its one spelling: no job has it. */
	private static Optional<UUID> parse(String jobId) {
		return Uuids.parse(jobId);
	}

}
