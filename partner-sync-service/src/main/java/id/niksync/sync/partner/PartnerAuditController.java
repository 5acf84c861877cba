package id.niksync.sync.partner;

import java.security.Principal;
import java.time.Instant;

import id.niksync.identity.Nik;
import id.niksync.sync.audit.Operators;
import id.niksync.sync.system.InstantFilters;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of who read what about whom, and why; reading it is itself audited (in
 * the operator audit, with the filter).
 */
@RestController
@Validated
class PartnerAuditController {

	private final PartnerAudit audit;

	PartnerAuditController(PartnerAudit audit) {
		this.audit = audit;
	}

	@GetMapping("/ops/audit/partner-requests")
	PartnerAudit.Page requests(@RequestParam(required = false) @Min(1) Long institution,
			@RequestParam(required = false) String nik,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int size, Principal operator) {
		// an empty nik= is not given, as for every other parameter
		String validNik = (nik != null && !nik.isEmpty()) ? Nik.of(nik).value() : null;
		InstantFilters.check(from, to);
		return this.audit.page(institution, validNik, from, to, page, size, Operators.of(operator));
	}

}
