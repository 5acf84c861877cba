package id.niksync.sync.deadletter;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

class ReasonRequiredException extends CodedProblemException {

	ReasonRequiredException() {
		super(HttpStatus.BAD_REQUEST, "REASON_REQUIRED", "Discarding a dead letter needs a reason");
	}

}
