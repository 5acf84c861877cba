package id.niksync.sync.reonline;

import java.security.Principal;
import java.time.Duration;

import id.niksync.identity.Nik;
import id.niksync.sync.audit.Operators;
import id.niksync.sync.audit.Reasons;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' list of partner re-online requests, and lifting a NIK's refusal (README,
 * "Re-online requests (operators)").
 */
@RestController
@Validated
class ReonlineRequestController {

	static final long MAX_AGE_SECONDS = 3_155_760_000L;

	private final ReonlineListing listing;

	private final ReonlineRequests requests;

	ReonlineRequestController(ReonlineListing listing, ReonlineRequests requests) {
		this.listing = listing;
		this.requests = requests;
	}

	/**
	 * @param minAgeSeconds only requests made at least this long ago
	 * @param maxAgeSeconds only requests made at most this long ago (both at most
	 * {@value #MAX_AGE_SECONDS}, about 100 years: PostgreSQL's timestamps end in 294276)
	 */
	@GetMapping("/ops/reonline-requests")
	ReonlineListing.Page list(@RequestParam(required = false) @Min(1) Long institution,
			@RequestParam(required = false) ReonlineStatus status,
			@RequestParam(required = false) @Min(0) @Max(MAX_AGE_SECONDS) Long minAgeSeconds,
			@RequestParam(required = false) @Min(0) @Max(MAX_AGE_SECONDS) Long maxAgeSeconds,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
		return this.listing.page(institution, status,
				(minAgeSeconds != null) ? Duration.ofSeconds(minAgeSeconds) : null,
				(maxAgeSeconds != null) ? Duration.ofSeconds(maxAgeSeconds) : null, page, size);
	}

	/**
	 * Lets partners ask for a refused NIK again at once (the citizen showed the civil
	 * registry the right family card, say): its rejections so far no longer count.
	 */
	@PostMapping("/ops/reonline-requests/refusals/{nik}/lift")
	Lifted lift(@PathVariable String nik, @RequestBody ReasonBody body, Principal operator) {
		String reason = Reasons.required(body.reason(), "Lifting a NIK's re-online refusal");
		Nik valid = Nik.of(nik);
		return new Lifted(valid.value(), this.requests.liftRefusal(valid, Operators.of(operator), reason));
	}

	/** Why the operator acts (required). */
	record ReasonBody(String reason) {
	}

	/**
	 * @param liftedRejections the rejections that no longer count
	 */
	record Lifted(String nik, int liftedRejections) {
	}

}
