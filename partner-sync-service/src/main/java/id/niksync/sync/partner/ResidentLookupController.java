package id.niksync.sync.partner;

import id.niksync.sync.access.AuthenticatedInstitution;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The lookup's declaration, which the API description is built from.
 * {@link ResidentLookupMapping} finds it for a GET or HEAD and
 * {@link ResidentLookupAdapter} answers it without calling this method, which answers the
 * same way if Spring MVC ever calls it: both hand the parameters as they came to
 * {@link ResidentLookup}, which checks them ({@code minVersion} without Bean Validation:
 * a constraint on a parameter had Spring MVC validate every lookup's arguments, 6 % of
 * its samples, JFR, issue 16).
 */
@RestController
@Tag(name = "Lookup")
class ResidentLookupController {

	private final ResidentLookup lookup;

	ResidentLookupController(ResidentLookup lookup) {
		this.lookup = lookup;
	}

	@GetMapping(PartnerApi.RESIDENT)
	@Operation(summary = "One resident, with the fields the institution's type is entitled to",
			description = "400 VALIDATION_FAILED for a malformed NIK (with its violation codes), 404 NOT_ON_REPLICA "
					+ "for a NIK not on the replica (with where to ask for its re-online), 409 REPLICA_BEHIND when minVersion is newer than the replica "
					+ "after a short wait, 503 LOOKUPS_BUSY or LOOKUP_TIMED_OUT (with Retry-After) when the replica's reads are "
					+ "stuck or too slow. Inactive and deceased residents are answered with that status.")
	PartnerResident lookup(@PathVariable(PartnerApi.NIK_VARIABLE) String nik,
			@Parameter(description = "the version the registry gave you; the answer is never older",
					schema = @Schema(type = "integer", format = "int64", minimum = "1")) @RequestParam(
							name = PartnerApi.MIN_VERSION, required = false) String minVersion,
			@Parameter(
					description = "why you ask, for the audit trail") @RequestHeader(PartnerApi.PURPOSE_HEADER) String purpose,
			@AuthenticationPrincipal AuthenticatedInstitution institution) {
		return this.lookup.lookup(institution, nik, purpose, minVersion);
	}

}
