package id.niksync.sync.partner;

import id.niksync.identity.Nik;
import id.niksync.sync.access.AuthenticatedInstitution;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Min;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Not {@code @Validated}: Spring MVC checks {@code minVersion}'s constraint itself (a
 * {@code HandlerMethodValidationException}, the same {@code 400 VALIDATION_FAILED}),
 * without a proxy that looked the validator up again on every lookup (JFR, issue 16).
 */
@RestController
@Tag(name = "Lookup")
class ResidentLookupController {

	private final ResidentLookup lookup;

	ResidentLookupController(ResidentLookup lookup) {
		this.lookup = lookup;
	}

	@GetMapping(PartnerApi.RESIDENTS + "/{nik}")
	@Operation(summary = "One resident, with the fields the institution's type is entitled to",
			description = "400 VALIDATION_FAILED for a malformed NIK (with its violation codes), 404 NOT_ON_REPLICA "
					+ "for a NIK not on the replica (with where to ask for its re-online), 409 REPLICA_BEHIND when minVersion is newer than the replica "
					+ "after a short wait. Inactive and deceased residents are answered with that status.")
	PartnerResident lookup(@PathVariable String nik,
			@Parameter(description = "the version the registry gave you; the answer is never older") @RequestParam(
					required = false) @Min(1) Long minVersion,
			@Parameter(
					description = "why you ask, for the audit trail") @RequestHeader(PartnerApi.PURPOSE_HEADER) String purpose,
			@AuthenticationPrincipal AuthenticatedInstitution institution) {
		// Validated before any database access.
		Nik valid = Nik.of(nik);
		return this.lookup.lookup(institution, valid, purpose, minVersion);
	}

}
