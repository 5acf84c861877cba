package id.niksync.registry.resident;

import java.time.Instant;

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

}
