package id.niksync.sync.replica;

import java.time.Instant;

/**
 * What the replica holds for one NIK, without personal data beyond the NIK itself.
 *
 * @param onReplica whether partners can see the NIK at all
 * @param registryChangedAt when the registry committed the stored version (the event's
 * occurredAt)
 * @param replicatedAt when the replica applied it
 */
public record ReplicaState(String nik, boolean onReplica, Long version, String status, Long changeSeq,
		String changeType, Instant registryChangedAt, Instant replicatedAt) {

	static ReplicaState absent(String nik) {
		return new ReplicaState(nik, false, null, null, null, null, null, null);
	}

}
