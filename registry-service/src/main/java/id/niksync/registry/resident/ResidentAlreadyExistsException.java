package id.niksync.registry.resident;

import id.niksync.identity.Nik;

public class ResidentAlreadyExistsException extends RuntimeException {

	ResidentAlreadyExistsException(String nik) {
		super("A resident with NIK " + Nik.mask(nik) + " already exists");
	}

}
