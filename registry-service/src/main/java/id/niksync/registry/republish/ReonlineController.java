package id.niksync.registry.republish;

import id.niksync.registry.system.Caller;
import id.niksync.schemas.registry.RegistryApi;
import id.niksync.schemas.registry.ReonlineAccepted;
import id.niksync.schemas.registry.ReonlineRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sync operators re-online a citizen's NIK, and partner-sync does for a partner
 * institution. 202: the change is recorded; the relay publishes it moments later.
 */
@RestController
class ReonlineController {

	private final ReonlineService reonline;

	ReonlineController(ReonlineService reonline) {
		this.reonline = reonline;
	}

	@PostMapping(RegistryApi.REONLINE)
	ResponseEntity<ReonlineAccepted> reonline(@PathVariable String nik, @RequestBody ReonlineRequest request,
			Caller caller) {
		return ResponseEntity.accepted().body(this.reonline.reonline(nik, request, caller));
	}

}
