package id.niksync.registry.resident;

import id.niksync.identity.Nik;
import id.niksync.registry.system.CodedProblemException;

import org.springframework.http.HttpStatus;

class ResidentNotFoundException extends CodedProblemException {

	ResidentNotFoundException(String nik) {
		super(HttpStatus.NOT_FOUND, "RESIDENT_NOT_FOUND", "No resident with NIK " + Nik.mask(nik));
	}

}
