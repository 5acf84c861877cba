package id.niksync.sync.partner;

import java.net.URI;

import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.reonline.ReonlineCallbacks;
import id.niksync.sync.reonline.ReonlineRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Re-online")
class ReonlineController {

	private final PartnerReonline reonline;

	ReonlineController(PartnerReonline reonline) {
		this.reonline = reonline;
	}

	@PostMapping(PartnerApi.REONLINE_REQUESTS)
	@Operation(summary = "Ask for a NIK the replica does not hold to be re-onlined",
			description = "With the NIK and the family-card number the citizen brings. 202 with the request's id and "
					+ "status, usually PENDING; poll GET /partner/v1/reonline-requests/{id} or register a callback. "
					+ "REJECTED with code KK_MISMATCH_OR_UNKNOWN for a wrong family-card number and for a NIK the "
					+ "registry does not know alike. Needs the REONLINE permission (403 PERMISSION_REQUIRED); 429 "
					+ "REONLINE_RATE_LIMITED over the institution's re-online limit, 429 REONLINE_REFUSED_FOR_NIK "
					+ "after repeated rejections for the NIK.")
	ResponseEntity<ReonlineRequest.PartnerView> request(@RequestBody(required = false) Body body,
			@RequestHeader(PartnerApi.PURPOSE_HEADER) String purpose,
			@AuthenticationPrincipal AuthenticatedInstitution institution) {
		ReonlineRequest.PartnerView request = this.reonline.request(institution, (body != null) ? body.nik() : null,
				(body != null) ? body.kkNumber() : null, purpose);
		return ResponseEntity.accepted()
			.location(URI.create(PartnerApi.REONLINE_REQUESTS + "/" + request.id()))
			.body(request);
	}

	@GetMapping(PartnerApi.REONLINE_REQUESTS + "/{id}")
	@Operation(summary = "One of your institution's re-online requests",
			description = "PENDING; ONLINE with the version now on the replica; REJECTED with its code; FAILED with "
					+ "a code and a reason. Another institution's request is 404 REONLINE_REQUEST_NOT_FOUND.")
	ReonlineRequest.PartnerView status(@PathVariable String id,
			@RequestHeader(PartnerApi.PURPOSE_HEADER) String purpose,
			@AuthenticationPrincipal AuthenticatedInstitution institution) {
		return this.reonline.status(institution, id, purpose);
	}

	@PutMapping(PartnerApi.REONLINE_CALLBACK)
	@Operation(summary = "Hear at an HTTPS URL when a re-online request ends",
			description = "The answer holds the signing secret, shown this once; setting the URL again issues a new "
					+ "one. 400 CALLBACK_URL_REFUSED for a URL that is not HTTPS or whose host resolves to a "
					+ "loopback, private, link-local, multicast or reserved address.")
	ReonlineCallbacks.Registered setCallback(@RequestBody(required = false) CallbackBody body,
			@RequestHeader(PartnerApi.PURPOSE_HEADER) String purpose,
			@AuthenticationPrincipal AuthenticatedInstitution institution) {
		return this.reonline.setCallback(institution, (body != null) ? body.url() : null, purpose);
	}

	@DeleteMapping(PartnerApi.REONLINE_CALLBACK)
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Stop callbacks")
	void removeCallback(@RequestHeader(PartnerApi.PURPOSE_HEADER) String purpose,
			@AuthenticationPrincipal AuthenticatedInstitution institution) {
		this.reonline.removeCallback(institution, purpose);
	}

	/**
	 * @param kkNumber the family-card number the citizen brings (never stored here)
	 */
	record Body(String nik, String kkNumber) {

		@Override
		public String toString() {
			return "Body[nik=" + id.niksync.identity.Nik.mask(this.nik) + "]";
		}

	}

	record CallbackBody(String url) {
	}

}
