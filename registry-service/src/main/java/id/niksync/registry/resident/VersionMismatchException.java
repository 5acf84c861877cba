package id.niksync.registry.resident;

import id.niksync.registry.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/** The caller changed a version it read earlier, but the resident has moved on since. */
class VersionMismatchException extends CodedProblemException {

	VersionMismatchException(long expected, long currentVersion) {
		super(HttpStatus.PRECONDITION_FAILED, "VERSION_MISMATCH",
				"Expected version " + expected + " but the resident is at version " + currentVersion);
		getBody().setProperty("currentVersion", currentVersion);
	}

}
