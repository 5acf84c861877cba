package id.niksync.registry.resident;

import java.time.Instant;
import java.util.List;

/**
 * Where an accepted change is recorded for publication, inside the caller's transaction.
 * The outbox implements it; keeping the interface here lets the outbox depend on
 * residents and not the other way round.
 */
public interface ChangeLog {

	/**
	 * Records that {@code resident} (already at its new version) changed.
	 * @return the registry-wide change sequence number
	 */
	long append(Resident resident, ChangeType changeType, String reason, Instant occurredAt);

	/**
	 * Records the same kind of change for many residents at once (batch registration,
	 * batch republishing).
	 * @return the change sequence numbers, in the order of {@code residents}
	 */
	List<Long> appendAll(List<Resident> residents, ChangeType changeType, String reason, Instant occurredAt);

}
