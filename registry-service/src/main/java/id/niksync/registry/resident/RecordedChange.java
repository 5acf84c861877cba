package id.niksync.registry.resident;

/**
 * The outcome of a write: the resident as now stored and the change sequence of the event
 * it produced, or {@code null} when the request changed nothing.
 */
public record RecordedChange(Resident resident, Long changeSeq) {

	boolean changed() {
		return this.changeSeq != null;
	}

}
