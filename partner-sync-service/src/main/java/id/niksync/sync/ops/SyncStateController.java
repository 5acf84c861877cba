package id.niksync.sync.ops;

import id.niksync.identity.Nik;
import id.niksync.sync.replica.ReplicaQueries;
import id.niksync.sync.replica.SyncState;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Answers an operator's question "is this NIK online for partners, and since when?". */
@RestController
class SyncStateController {

	private final ReplicaQueries replica;

	SyncStateController(ReplicaQueries replica) {
		this.replica = replica;
	}

	@GetMapping("/ops/residents/{nik}/sync-state")
	SyncState syncState(@PathVariable String nik) {
		return this.replica.syncState(Nik.of(nik).value());
	}

}
