package id.niksync.sync.access;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

class InstitutionNameTakenException extends CodedProblemException {

	InstitutionNameTakenException() {
		super(HttpStatus.CONFLICT, "INSTITUTION_EXISTS", "An institution with that name exists");
	}

}
