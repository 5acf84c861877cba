package id.niksync.sync.reconcile;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import id.niksync.access.NullRefused;
import id.niksync.sync.audit.Operators;
import id.niksync.sync.audit.Reasons;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
class ReconciliationController {

	private final Reconciliations reconciliations;

	ReconciliationController(Reconciliations reconciliations) {
		this.reconciliations = reconciliations;
	}

	/**
	 * Starts a reconciliation of the whole country ({@code prefix} empty) or of a region
	 * prefix. The body is required, {@code {}} at least, like every operator action's.
	 */
	@PostMapping("/ops/reconciliations")
	ResponseEntity<Map<String, UUID>> start(@RequestBody StartRequest request, Principal principal) {
		String prefix = (request.prefix() != null) ? request.prefix() : "";
		if (!(prefix.isEmpty() || prefix.matches("\\d{2}|\\d{4}|\\d{6}"))) {
			throw new InvalidPrefixException();
		}
		String operator = Operators.of(principal);
		// optional here, but never longer than any other operator reason
		String reason = (request.reason() != null && !request.reason().isBlank())
				? Reasons.required(request.reason(), "A reconciliation's reason") : null;
		UUID id = this.reconciliations.start(prefix, Boolean.TRUE.equals(request.republish()), operator, reason);
		return ResponseEntity.accepted().location(URI.create("/ops/reconciliations/" + id)).body(Map.of("id", id));
	}

	@GetMapping("/ops/reconciliations/latest")
	Reconciliations.ReconciliationView latest() {
		return this.reconciliations.latest().orElseThrow(ReconciliationNotFoundException::new);
	}

	/**
	 * The most recent runs (counts, no findings). Unlike {@code latest} it answers 200
	 * when there has been none, so the dashboard can ask every few seconds without a 404
	 * in the browser's console.
	 */
	@GetMapping("/ops/reconciliations")
	Map<String, List<Reconciliations.ReconciliationView>> recent(
			@RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit) {
		return Map.of("items", this.reconciliations.recent(limit));
	}

	@GetMapping("/ops/reconciliations/{id}")
	Reconciliations.ReconciliationView find(@PathVariable UUID id) {
		return this.reconciliations.find(id).orElseThrow(ReconciliationNotFoundException::new);
	}

	/**
	 * @param prefix empty for the whole country, or 2, 4 or 6 digits
	 * @param republish ask the registry to re-online what is missing or stale
	 * @param reason why, for the audit (optional: a reconciliation only compares, and
	 * republishes nothing the registry does not already hold)
	 * <p>
	 * {@code prefix} and {@code republish} are left out or given: {@code null} is refused
	 * ({@link NullRefused}); read as left out, {@code "prefix":null} reconciled the whole
	 * country (code review, 2026-12-06).
	 */
	record StartRequest(@JsonDeserialize(using = NullRefused.class) String prefix,
			@JsonDeserialize(using = NullRefused.class) Boolean republish, String reason) {
	}

}
