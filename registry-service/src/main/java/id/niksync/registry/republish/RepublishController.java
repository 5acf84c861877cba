package id.niksync.registry.republish;

import java.net.URI;
import java.util.UUID;

import id.niksync.schemas.registry.RegistryApi;
import id.niksync.schemas.registry.RepublishRequest;
import id.niksync.schemas.registry.RepublishStarted;
import id.niksync.registry.system.Caller;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sync operators republish a whole region or a list of NIKs, watch the job, and resume
 * one that failed.
 */
@RestController
@RequestMapping(RegistryApi.REPUBLISH)
class RepublishController {

	private final RepublishJobs jobs;

	RepublishController(RepublishJobs jobs) {
		this.jobs = jobs;
	}

	@PostMapping
	ResponseEntity<RepublishStarted> start(@RequestBody RepublishRequest request, Caller caller) {
		UUID jobId = this.jobs.start(request, caller);
		return ResponseEntity.accepted()
			.location(URI.create(RegistryApi.REPUBLISH + "/" + jobId))
			.body(new RepublishStarted(jobId));
	}

	@GetMapping("/{jobId}")
	RepublishJobView progress(@PathVariable String jobId, Caller caller) {
		return this.jobs.progress(jobId, caller);
	}

	/** A supervisor sends a FAILED job on from where it stopped. */
	@PostMapping("/{jobId}/resume")
	ResponseEntity<RepublishJobView> resume(@PathVariable String jobId, @RequestBody ResumeRequest request,
			Caller caller) {
		RepublishJobView job = this.jobs.resume(jobId, request, caller);
		return ResponseEntity.accepted().location(URI.create(RegistryApi.REPUBLISH + "/" + job.jobId())).body(job);
	}

}
