package id.niksync.registry.resident;

import id.niksync.identity.Nik;
import id.niksync.registry.system.CodedProblemException;

import org.springframework.http.HttpStatus;

class ResidentAlreadyExistsException extends CodedProblemException {

	ResidentAlreadyExistsException(String nik) {
		super(HttpStatus.CONFLICT, "RESIDENT_EXISTS", "A resident with NIK " + Nik.mask(nik) + " already exists");
	}

}
