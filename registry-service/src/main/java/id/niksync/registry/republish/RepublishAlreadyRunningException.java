package id.niksync.registry.republish;

import id.niksync.registry.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * 409: a running region job already covers (part of) the region. One region job at a time
 * per region keeps a caller from stacking whole-province republishes.
 */
class RepublishAlreadyRunningException extends CodedProblemException {

	RepublishAlreadyRunningException() {
		super(HttpStatus.CONFLICT, "REPUBLISH_ALREADY_RUNNING",
				"A republish job for this region, or a region inside or around it, is still running");
	}

}
