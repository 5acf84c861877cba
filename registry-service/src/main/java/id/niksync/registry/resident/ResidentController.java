package id.niksync.registry.resident;

import java.net.URI;

import id.niksync.registry.system.Caller;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registry operators' API. Versions travel as strong ETags ({@code "3"}); a write may
 * carry {@code If-Match} with the version it was based on.
 */
@RestController
@RequestMapping("/api/v1/residents")
class ResidentController {

	private final ResidentRegistry registry;

	ResidentController(ResidentRegistry registry) {
		this.registry = registry;
	}

	@PostMapping
	ResponseEntity<ResidentResponse> register(@RequestBody ResidentRequest request, Caller caller) {
		RecordedChange change = this.registry.register(request, caller);
		return ResponseEntity.created(URI.create("/api/v1/residents/" + change.resident().nik()))
			.eTag(etag(change.resident()))
			.body(ResidentResponse.of(change));
	}

	/** Bulk import: every resident or none, in one transaction. */
	@PostMapping("/batch")
	ResponseEntity<ResidentBatchResponse> registerAll(@RequestBody ResidentBatchRequest request, Caller caller) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(ResidentBatchResponse.of(this.registry.registerAll(request.residents(), caller)));
	}

	@GetMapping("/{nik}")
	ResponseEntity<ResidentResponse> get(@PathVariable String nik, Caller caller) {
		Resident resident = this.registry.get(nik, caller);
		return ResponseEntity.ok().eTag(etag(resident)).body(new ResidentResponse(resident, null));
	}

	@PutMapping("/{nik}")
	ResponseEntity<ResidentResponse> update(@PathVariable String nik, @RequestBody ResidentRequest request,
			@RequestHeader(name = "If-Match", required = false) String ifMatch, Caller caller) {
		return written(this.registry.update(nik, request, IfMatch.version(ifMatch), caller));
	}

	@PostMapping("/{nik}/status")
	ResponseEntity<ResidentResponse> changeStatus(@PathVariable String nik, @RequestBody StatusChangeRequest request,
			@RequestHeader(name = "If-Match", required = false) String ifMatch, Caller caller) {
		return written(this.registry.changeStatus(nik, request, IfMatch.version(ifMatch), caller));
	}

	private static ResponseEntity<ResidentResponse> written(RecordedChange change) {
		return ResponseEntity.status(HttpStatus.OK).eTag(etag(change.resident())).body(ResidentResponse.of(change));
	}

	private static String etag(Resident resident) {
		return "\"" + resident.version() + "\"";
	}

}
