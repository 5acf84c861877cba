package id.niksync.registry.republish;

import id.niksync.registry.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * 409: only a FAILED job can be resumed. A RUNNING one resumes by itself (after an outage
 * or its instance's death); a COMPLETED one has nothing left to do.
 */
class RepublishJobNotFailedException extends CodedProblemException {

	RepublishJobNotFailedException(RepublishJob.State state) {
		super(HttpStatus.CONFLICT, "REPUBLISH_JOB_NOT_FAILED",
				"Only a FAILED republish job can be resumed; this one is " + state);
	}

}
