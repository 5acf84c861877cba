package id.niksync.sync.access;

import java.security.Principal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import id.niksync.access.AuditText;
import id.niksync.access.NullRefused;
import id.niksync.sync.audit.Operators;
import id.niksync.sync.audit.Reasons;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Institution and key management (ADMIN only, see {@link SecurityConfiguration}). A key
 * is in the answer that creates it and nowhere else.
 */
@RestController
@RequestMapping("/ops/institutions")
class InstitutionController {

	private static final int MAX_RATE = 10_000;

	private final Institutions institutions;

	private final ApiKeys keys;

	InstitutionController(Institutions institutions, ApiKeys keys) {
		this.institutions = institutions;
		this.keys = keys;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Institutions.Registered register(@RequestBody RegisterRequest request, Principal operator) {
		// counted in characters, as the column counts them, once trimmed as it is stored
		String name = (request.name() != null) ? request.name().trim() : null;
		if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > 200) {
			throw new InvalidInstitutionRequestException("name is required (at most 200 characters)");
		}
		if (!AuditText.readableLine(name)) {
			// it is shown in operators' lists and audit rows, and logged
			throw new InvalidInstitutionRequestException(
					"name must be one line of readable text: no control, invisible or line-breaking characters");
		}
		if (request.type() == null) {
			throw new InvalidInstitutionRequestException("type is required: BANK, BPJS, KEMENAG or OTHER");
		}
		if (request.key() != null && !request.key().isValid()) {
			throw new InvalidInstitutionRequestException(
					"key needs keyId (12 of a-z, 0-9) and secretSha256 (64 hex digits, the SHA-256 of the secret)");
		}
		return this.institutions.register(name, request.type(), rate(request.requestsPerSecond()),
				permissions(request.permissions()), request.key(), Operators.of(operator));
	}

	@GetMapping
	List<Institution> all() {
		return this.institutions.all();
	}

	@GetMapping("/{id}")
	InstitutionDetail one(@PathVariable long id) {
		Institution institution = this.institutions.find(id).orElseThrow(() -> new InstitutionNotFoundException(id));
		return new InstitutionDetail(institution, this.keys.of(id));
	}

	@PatchMapping("/{id}")
	Institution change(@PathVariable long id, @RequestBody ChangeRequest request, Principal operator) {
		if (request.active() == null && request.requestsPerSecond() == null && request.permissions() == null) {
			throw new InvalidInstitutionRequestException(
					"Nothing to change: give active, requestsPerSecond or permissions");
		}
		Integer rate = (request.requestsPerSecond() != null) ? rate(request.requestsPerSecond()) : null;
		Set<InstitutionPermission> permissions = (request.permissions() != null) ? permissions(request.permissions())
				: null;
		return this.institutions.change(id, request.active(), rate, permissions, Operators.of(operator));
	}

	@PostMapping("/{id}/keys/rotate")
	@ResponseStatus(HttpStatus.CREATED)
	IssuedApiKey rotate(@PathVariable long id, @RequestBody RotateRequest request, Principal operator) {
		Duration grace = Duration.ofSeconds((request.graceSeconds() != null) ? request.graceSeconds() : 0);
		if (grace.isNegative() || grace.compareTo(ApiKeys.MAX_GRACE) > 0) {
			throw new InvalidInstitutionRequestException("graceSeconds must be between 0 and 86400");
		}
		return this.institutions.rotateKeys(id, grace, Operators.of(operator),
				Reasons.required(request.reason(), "Rotating keys"));
	}

	@PostMapping("/{id}/keys/{keyId}/revoke")
	InstitutionDetail revoke(@PathVariable long id, @PathVariable String keyId, @RequestBody ReasonRequest request,
			Principal operator) {
		this.institutions.revokeKey(id, keyId, Operators.of(operator),
				Reasons.required(request.reason(), "Revoking a key"));
		return one(id);
	}

	private static int rate(Integer requestsPerSecond) {
		if (requestsPerSecond == null || requestsPerSecond < 1 || requestsPerSecond > MAX_RATE) {
			throw new InvalidInstitutionRequestException("requestsPerSecond must be between 1 and " + MAX_RATE);
		}
		return requestsPerSecond;
	}

	private static Set<InstitutionPermission> permissions(List<InstitutionPermission> permissions) {
		if (permissions == null) {
			return Set.of();
		}
		if (permissions.contains(null)) {
			throw new InvalidInstitutionRequestException("permissions holds only REONLINE");
		}
		return EnumSet.copyOf(permissions.isEmpty() ? EnumSet.noneOf(InstitutionPermission.class) : permissions);
	}

	/**
	 * @param permissions what it may do beyond lookups and verifications (REONLINE); none
	 * when left out
	 * @param key the institution's own key, when it generated one
	 * ({@code nsk_<keyId>_<secret>}) and sends only the SHA-256 of the secret; without it
	 * a key is issued here
	 */
	record RegisterRequest(String name, InstitutionType type,
			@JsonDeserialize(using = NullRefused.class) Integer requestsPerSecond,
			@JsonDeserialize(using = NullRefused.class) List<InstitutionPermission> permissions,
			@JsonDeserialize(using = NullRefused.class) ApiKeyHash key) {
	}

	/**
	 * @param permissions replaces the institution's permissions when given
	 * <p>
	 * Each field is left out (unchanged) or given: {@code null} is refused
	 * ({@link NullRefused}), as in a registration, where {@code "key":null} had the
	 * service make a key and answer its secret to a client that meant to keep it.
	 */
	record ChangeRequest(@JsonDeserialize(using = NullRefused.class) Boolean active,
			@JsonDeserialize(using = NullRefused.class) Integer requestsPerSecond,
			@JsonDeserialize(using = NullRefused.class) List<InstitutionPermission> permissions) {
	}

	/**
	 * @param graceSeconds how long the replaced keys keep working (0, the default: they
	 * stop at once; at most a day); {@code null} is refused, not taken for the default
	 * @param reason why (required, audited)
	 */
	record RotateRequest(@JsonDeserialize(using = NullRefused.class) Long graceSeconds, String reason) {
	}

	record ReasonRequest(String reason) {
	}

	record InstitutionDetail(Institution institution, List<ApiKeyInfo> keys) {
	}

}
