package id.niksync.sync.access;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

class InvalidInstitutionRequestException extends CodedProblemException {

	InvalidInstitutionRequestException(String detail) {
		super(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", detail);
	}

}
