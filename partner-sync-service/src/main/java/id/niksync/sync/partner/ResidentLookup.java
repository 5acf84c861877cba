package id.niksync.sync.partner;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import id.niksync.identity.Nik;
import id.niksync.sync.system.CodedProblemException;
import id.niksync.sync.access.AuthenticatedInstitution;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Answers a partner's lookup from the replica, scoped to its institution's type, and
 * audits it in the same transaction as the read.
 */
@Component
class ResidentLookup {

	private final ReplicaResidents replica;

	private final PartnerAudit audit;

	private final PartnerProperties properties;

	private final TransactionTemplate transaction;

	ResidentLookup(ReplicaResidents replica, PartnerAudit audit, PartnerProperties properties,
			TransactionTemplate transaction) {
		this.replica = replica;
		this.audit = audit;
		this.properties = properties;
		this.transaction = transaction;
	}

	PartnerResident lookup(AuthenticatedInstitution institution, Nik nik, String purpose, Long minVersion) {
		if (minVersion != null) {
			awaitVersion(nik.value(), minVersion);
		}
		Set<ResidentField> scope = this.properties.fieldsOf(institution.type());
		Answer answer = this.transaction.execute((tx) -> {
			Optional<ReplicaResident> found = this.replica.find(nik.value());
			Answer result;
			if (found.isEmpty()) {
				result = (minVersion != null) ? Answer.behind(minVersion, 0) : Answer.notFound();
			}
			else if (minVersion != null && found.get().version() < minVersion) {
				result = Answer.behind(minVersion, found.get().version());
			}
			else {
				result = new Answer(PartnerResident.of(found.get(), scope), null);
			}
			this.audit.record(List.of(PartnerAuditRow.of(institution, PartnerOperation.LOOKUP, purpose, nik.value(),
					(result.resident() != null) ? scope : Set.of(), result.outcome(), result.status())));
			return result;
		});
		if (answer.refusal() != null) {
			throw answer.refusal();
		}
		return answer.resident();
	}

	/**
	 * The caller saw version {@code minVersion} at the registry: give the replica a
	 * moment to catch up, without holding a connection while waiting.
	 */
	private void awaitVersion(String nik, long minVersion) {
		long deadline = System.nanoTime() + this.properties.minVersionWait().toNanos();
		while (this.replica.version(nik) < minVersion && System.nanoTime() < deadline) {
			try {
				Thread.sleep(this.properties.minVersionPoll().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private record Answer(PartnerResident resident, CodedProblemException refusal) {

		static Answer notFound() {
			return new Answer(null, new ResidentNotFoundException());
		}

		static Answer behind(long minVersion, long replicaVersion) {
			return new Answer(null, new ReplicaBehindException(minVersion, replicaVersion));
		}

		String outcome() {
			return (this.refusal != null) ? this.refusal.code() : "OK";
		}

		int status() {
			return (this.refusal != null) ? this.refusal.getStatusCode().value() : HttpStatus.OK.value();
		}

	}

}
