package id.niksync.sync.reonline;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators' list of partner re-online requests (README, "Re-online requests"). */
@RestController
@Validated
class ReonlineRequestController {

	static final long MAX_AGE_SECONDS = 3_155_760_000L;

	private final ReonlineListing listing;

	ReonlineRequestController(ReonlineListing listing) {
		this.listing = listing;
	}

	/**
	 * @param minAgeSeconds only requests made at least this long ago
	 * @param maxAgeSeconds only requests made at most this long ago (both at most
	 * {@value #MAX_AGE_SECONDS}, about 100 years: PostgreSQL's timestamps end in 294276)
	 */
	@GetMapping("/ops/reonline-requests")
	ReonlineListing.Page list(@RequestParam(required = false) Long institution,
			@RequestParam(required = false) ReonlineStatus status,
			@RequestParam(required = false) @Min(0) @Max(MAX_AGE_SECONDS) Long minAgeSeconds,
			@RequestParam(required = false) @Min(0) @Max(MAX_AGE_SECONDS) Long maxAgeSeconds,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
		return this.listing.page(institution, status,
				(minAgeSeconds != null) ? Duration.ofSeconds(minAgeSeconds) : null,
				(maxAgeSeconds != null) ? Duration.ofSeconds(maxAgeSeconds) : null, page, size);
	}

}
