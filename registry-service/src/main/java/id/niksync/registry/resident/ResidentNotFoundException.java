package id.niksync.registry.resident;

import id.niksync.identity.Nik;

public class ResidentNotFoundException extends RuntimeException {

	ResidentNotFoundException(String nik) {
		super("No resident with NIK " + Nik.mask(nik));
	}

}
