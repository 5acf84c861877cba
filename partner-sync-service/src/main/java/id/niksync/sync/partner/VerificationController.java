package id.niksync.sync.partner;

import java.util.List;

import id.niksync.sync.access.AuthenticatedInstitution;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Verification")
class VerificationController {

	private final Verifications verifications;

	VerificationController(Verifications verifications) {
		this.verifications = verifications;
	}

	@PostMapping(PartnerApi.VERIFICATIONS)
	@Operation(summary = "MATCH or NO_MATCH for each field you send, and nothing else",
			description = "Names and birth places are compared without regard to case, accents, spacing and "
					+ "punctuation. Only fields of your institution's scope can be verified (403 FIELD_NOT_IN_SCOPE). "
					+ "A NIK not on the replica answers 404 NOT_ON_REPLICA, with where to ask for its re-online.")
	VerificationResult verify(@RequestBody VerificationRequest request,
			@RequestHeader(PartnerApi.PURPOSE_HEADER) String purpose,
			@AuthenticationPrincipal AuthenticatedInstitution institution) {
		VerificationResult result = this.verifications
			.verify(institution, List.of(request), PartnerOperation.VERIFY, purpose)
			.get(0);
		if (result.code() != null) {
			throw new ResidentNotFoundException();
		}
		return result;
	}

	@PostMapping(PartnerApi.VERIFICATIONS_BATCH)
	@Operation(summary = "Up to 1,000 verifications at once, answered in the order sent",
			description = "A NIK not on the replica answers code NOT_ON_REPLICA and no fields. "
					+ "The batch is checked whole first: one malformed item refuses it with each violation's "
					+ "index. Each item counts as one request against the institution's rate limit, so a batch "
					+ "holds at most that many items and is refused whole (429) when they are not available.")
	BatchResult verifyBatch(@RequestBody BatchRequest request, @RequestHeader(PartnerApi.PURPOSE_HEADER) String purpose,
			@AuthenticationPrincipal AuthenticatedInstitution institution) {
		return new BatchResult(
				this.verifications.verify(institution, request.items(), PartnerOperation.VERIFY_BATCH, purpose));
	}

	record BatchRequest(List<VerificationRequest> items) {
	}

	record BatchResult(List<VerificationResult> results) {
	}

}
