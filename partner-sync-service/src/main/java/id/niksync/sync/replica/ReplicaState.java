package id.niksync.sync.replica;

import java.time.Instant;

/**
 * Where one NIK stands on the replica, without personal data beyond the NIK itself.
 *
 * @param state ONLINE when partners can see the NIK, NOT_ON_REPLICA otherwise
 */
public record SyncState(String nik, State state, boolean onReplica, Long version, String status, Long changeSeq,
		String changeType, Instant registryChangedAt, Instant replicatedAt) {

	public enum State {

		ONLINE, NOT_ON_REPLICA

	}

	static SyncState absent(String nik) {
		return new SyncState(nik, State.NOT_ON_REPLICA, false, null, null, null, null, null, null);
	}

}
