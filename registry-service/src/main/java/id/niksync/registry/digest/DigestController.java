package id.niksync.registry.digest;

import java.util.List;

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

	@GetMapping("/internal/digests")
	ResponseEntity<?> digests(@RequestParam(defaultValue = "") String prefix) {
		if (!DigestLevel.isValid(prefix)) {
			throw new InvalidPrefixException();
		}
		List<Digests.Bucket> buckets = this.digests.children(prefix);
		return ResponseEntity.ok(new DigestResponse(prefix, DigestLevel.childLength(prefix), buckets));
	}

	record DigestResponse(String prefix, int childLength, List<Digests.Bucket> buckets) {
	}

}
