package id.niksync.sync.partner;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

class ResidentNotFoundException extends CodedProblemException {

	ResidentNotFoundException() {
		super(HttpStatus.NOT_FOUND, "RESIDENT_NOT_FOUND", "The NIK is not on the replica");
	}

}
