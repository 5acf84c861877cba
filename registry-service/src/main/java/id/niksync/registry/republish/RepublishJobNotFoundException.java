package id.niksync.registry.republish;

import id.niksync.registry.system.CodedProblemException;

import org.springframework.http.HttpStatus;

class RepublishJobNotFoundException extends CodedProblemException {

	RepublishJobNotFoundException() {
		super(HttpStatus.NOT_FOUND, "JOB_NOT_FOUND", "No republish job with this id");
	}

}
