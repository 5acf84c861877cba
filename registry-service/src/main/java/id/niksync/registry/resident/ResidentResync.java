package id.niksync.registry.resident;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Publishes residents again as they are: each one's current facts at the next version
 * with change type RESYNC, through the change log. Runs inside the caller's transaction,
 * so re-online and republish jobs can record their audit and progress atomically with it.
 */
@Component
public class ResidentResync {

	private final ResidentRepository residents;

	private final ChangeLog changeLog;

	private final Clock clock;

	ResidentResync(ResidentRepository residents, ChangeLog changeLog, Clock clock) {
		this.residents = residents;
		this.changeLog = changeLog;
		this.clock = clock;
	}

	/**
	 * Re-onlines one resident for a citizen who proves the record is theirs with its
	 * family-card number. Empty, nothing changed, when the NIK is not registered or
	 * {@code kkNumber} is not the record's (one answer for both) — not thrown, which
	 * would mark the caller's transaction for rollback: the caller records the refusal in
	 * it.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Optional<RecordedChange> resyncIfMatches(String nik, String kkNumber, String reason) {
		Resident current = this.residents.findForUpdate(nik).orElse(null);
		if (current == null || !current.kkNumber().equals(kkNumber)) {
			return Optional.empty();
		}
		Resident resynced = current.resynced(now());
		this.residents.update(resynced);
		long changeSeq = this.changeLog.append(resynced, ChangeType.RESYNC, reason, resynced.updatedAt());
		return Optional.of(new RecordedChange(resynced, changeSeq));
	}

	/**
	 * Resyncs the next {@code limit} residents of a region after {@code afterNik} ("" to
	 * start).
	 * @return the NIKs resynced, in order; fewer than {@code limit} when the region is
	 * done
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<String> resyncRegion(String prefix, String afterNik, int limit, String reason) {
		Instant now = now();
		return recorded(this.residents.bumpRegionAfter(prefix, afterNik, limit, now), reason, now);
	}

	/**
	 * Resyncs those of {@code niks} that are registered.
	 * @return the NIKs resynced, in order
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<String> resyncListed(List<String> niks, String reason) {
		return resyncListed(niks, Map.of(), reason);
	}

	/**
	 * Resyncs those of {@code niks} that are registered; one named in
	 * {@code aboveVersions} at a version above the one given there if that is higher than
	 * its next (a replica holding a version the registry never had then takes the
	 * registry's facts over it).
	 * @return the NIKs resynced, in order
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<String> resyncListed(List<String> niks, Map<String, Long> aboveVersions, String reason) {
		if (niks.isEmpty()) {
			return List.of();
		}
		Instant now = now();
		return recorded(this.residents.bumpAll(niks, aboveVersions, now), reason, now);
	}

	public long countRegion(String prefix) {
		return this.residents.countRegion(prefix);
	}

	public long countRegistered(List<String> niks) {
		return niks.isEmpty() ? 0 : this.residents.countExisting(niks);
	}

	/**
	 * The residents as the set-based update left them (facts as they were, the new
	 * version and {@code updated_at}), written to the change log as RESYNC in one
	 * statement.
	 */
	private List<String> recorded(List<Resident> resynced, String reason, Instant now) {
		if (resynced.isEmpty()) {
			return List.of();
		}
		this.changeLog.appendAll(resynced, ChangeType.RESYNC, reason, now);
		return resynced.stream().map(Resident::nik).toList();
	}

	private Instant now() {
		// Millisecond precision, as in ResidentRegistry: the row must equal the event.
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
