package id.niksync.sync.access;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

class InstitutionNotFoundException extends CodedProblemException {

	InstitutionNotFoundException(long id) {
		super(HttpStatus.NOT_FOUND, "INSTITUTION_NOT_FOUND", "There is no institution " + id);
	}

}
