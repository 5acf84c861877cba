package id.niksync.sync.ops;

import java.security.Principal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import id.niksync.identity.Nik;
import id.niksync.sync.audit.OperatorAudit;
import id.niksync.sync.audit.Operators;
import id.niksync.sync.deadletter.DeadLetter;
import id.niksync.sync.deadletter.DeadLetterStatus;
import id.niksync.sync.deadletter.DeadLetters;
import id.niksync.sync.reonline.ReonlineRequest;
import id.niksync.sync.reonline.ReonlineRequests;
import id.niksync.sync.replica.ReplicaQueries;
import id.niksync.sync.replica.ReplicaState;

import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the operator's question when a citizen calls: is this NIK online for partners,
 * since when, and if not, why; and what partners asked for it. Asking is audited, in the
 * transaction that reads.
 */
@RestController
class SyncStateController {

	private final ReplicaQueries replica;

	private final DeadLetters deadLetters;

	private final ReonlineRequests reonlineRequests;

	private final OperatorAudit audit;

	private final TransactionTemplate transaction;

	SyncStateController(ReplicaQueries replica, DeadLetters deadLetters, ReonlineRequests reonlineRequests,
			OperatorAudit audit, TransactionTemplate transaction) {
		this.replica = replica;
		this.deadLetters = deadLetters;
		this.reonlineRequests = reonlineRequests;
		this.audit = audit;
		this.transaction = transaction;
	}

	@GetMapping("/ops/residents/{nik}/sync-state")
	SyncState syncState(@PathVariable String nik, Principal principal) {
		String valid = Nik.of(nik).value();
		String operator = Operators.of(principal);
		return this.transaction.execute((tx) -> {
			ReplicaState onReplica = this.replica.state(valid);
			List<DeadLetter> letters = this.deadLetters.forNik(valid);
			this.audit.record(operator, "SYNC_STATE_VIEW", "resident:" + valid, null, null);
			return new SyncState(state(onReplica, letters), onReplica, letters, this.reonlineRequests.forNik(valid));
		});
	}

	/**
	 * IN_DEAD_LETTER when a pending dead letter carries something the replica does not
	 * have (a newer version, or one that could not even be read); otherwise ONLINE or
	 * NOT_ON_REPLICA.
	 */
	static State state(ReplicaState onReplica, List<DeadLetter> letters) {
		boolean blocked = letters.stream()
			.filter((d) -> d.status() == DeadLetterStatus.PENDING)
			.anyMatch((d) -> d.eventVersion() == null || onReplica.version() == null
					|| d.eventVersion() > onReplica.version());
		if (blocked) {
			return State.IN_DEAD_LETTER;
		}
		return onReplica.onReplica() ? State.ONLINE : State.NOT_ON_REPLICA;
	}

	enum State {

		ONLINE, NOT_ON_REPLICA, IN_DEAD_LETTER

	}

	/**
	 * @param reonlineRequests partners' re-online requests for the NIK, newest first
	 */
	record SyncState(State state, @JsonUnwrapped ReplicaState replica, List<DeadLetter> deadLetters,
			List<ReonlineRequest> reonlineRequests) {
	}

}
