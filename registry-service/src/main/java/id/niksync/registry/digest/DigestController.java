package id.niksync.registry.digest;

import id.niksync.schemas.registry.RegionDigest;
import id.niksync.schemas.registry.RegistryApi;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"prefix must be empty or 2, 4 or 6 digits");
			problem.setProperty("code", "PREFIX_INVALID");
			return ResponseEntity.badRequest().body(problem);
		}
		return ResponseEntity
			.ok(new RegionDigest(prefix, DigestLevel.childLength(prefix), this.digests.children(prefix)));
	}

}
