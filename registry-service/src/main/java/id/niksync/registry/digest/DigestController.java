package id.niksync.registry.digest;

import id.niksync.schemas.registry.RegionDigest;
import id.niksync.schemas.registry.RegistryApi;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** For partner-sync's reconciliation; internal, not for partners. */
@RestController
class DigestController {

	private final Digests digests;

	DigestController(Digests digests) {
		this.digests = digests;
	}

	@GetMapping(RegistryApi.DIGESTS)
	ResponseEntity<?> digests(@RequestParam(defaultValue = "") String prefix) {
		if (!DigestLevel.isValid(prefix)) {
			throw new InvalidPrefixException();
		}
		return ResponseEntity
			.ok(new RegionDigest(prefix, DigestLevel.childLength(prefix), this.digests.children(prefix)));
	}

}
