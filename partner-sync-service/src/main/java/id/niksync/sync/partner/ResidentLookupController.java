package id.niksync.sync.partner;

import java.util.List;

import id.niksync.identity.Nik;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.system.CodedProblemException;
import id.niksync.sync.system.Problems;
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
 * No Bean Validation on this route: {@code minVersion} is checked here, with the
 * violation Bean Validation's {@code @Min(1)} gave ({@code 400 VALIDATION_FAILED},
 * {@code FIELD_RANGE}). A constraint on a parameter had Spring MVC validate every
 * lookup's arguments, 6 % of its samples (JFR, issue 16). {@link ResidentLookupMapping}
 * finds this handler.
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
					+ "after a short wait. Inactive and deceased residents are answered with that status.")
	PartnerResident lookup(@PathVariable String nik,
			@Parameter(description = "the version the registry gave you; the answer is never older",
					schema = @Schema(type = "integer", format = "int64", minimum = "1")) @RequestParam(
							required = false) Long minVersion,
			@Parameter(
					description = "why you ask, for the audit trail") @RequestHeader(PartnerApi.PURPOSE_HEADER) String purpose,
			@AuthenticationPrincipal AuthenticatedInstitution institution) {
		// Validated before any database access.
		if (minVersion != null && minVersion < 1) {
			throw new CodedProblemException(
					Problems.validationFailed(List
						.of(Problems.violation("minVersion", "FIELD_RANGE", "must be greater than or equal to 1"))),
					null);
		}
		Nik valid = Nik.of(nik);
		return this.lookup.lookup(institution, valid, purpose, minVersion);
	}

}
