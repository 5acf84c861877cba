package id.niksync.sync.ops;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import id.niksync.sync.audit.Operators;
import id.niksync.sync.audit.Reasons;
import id.niksync.sync.ingest.Rebuild;
import id.niksync.sync.ingest.Rebuilds;
import id.niksync.sync.ingest.ReplicaRebuilder;
import id.niksync.sync.system.CodedProblemException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rebuilding the replica from {@code nik-changes}: an operator starts one (audited, with
 * a reason) and follows its progress, as the verdict does.
 */
@RestController
@Validated
class RebuildController {

	private final ReplicaRebuilder rebuilder;

	private final Rebuilds rebuilds;

	RebuildController(ReplicaRebuilder rebuilder, Rebuilds rebuilds) {
		this.rebuilder = rebuilder;
		this.rebuilds = rebuilds;
	}

	@PostMapping("/ops/replica/rebuilds")
	ResponseEntity<Rebuild> start(@RequestBody ReasonBody body, Principal principal) {
		String reason = Reasons.required(body.reason(), "A rebuild");
		Rebuild rebuild = this.rebuilder.request(Operators.of(principal), reason);
		return ResponseEntity.accepted().location(URI.create("/ops/replica/rebuilds/" + rebuild.id())).body(rebuild);
	}

	@GetMapping("/ops/replica/rebuilds")
	Map<String, List<Rebuild>> recent(@RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit) {
		return Map.of("items", this.rebuilds.recent(limit));
	}

	/** The running rebuild, or the one that started last. */
	@GetMapping("/ops/replica/rebuilds/latest")
	Rebuild latest() {
		return this.rebuilds.latest().orElseThrow(RebuildNotFoundException::new);
	}

	@GetMapping("/ops/replica/rebuilds/{id}")
	Rebuild find(@PathVariable long id) {
		return this.rebuilds.find(id).orElseThrow(RebuildNotFoundException::new);
	}

	record ReasonBody(String reason) {
	}

	static class RebuildNotFoundException extends CodedProblemException {

		RebuildNotFoundException() {
			super(HttpStatus.NOT_FOUND, "REBUILD_NOT_FOUND", "No such rebuild of the replica");
		}

	}

}
