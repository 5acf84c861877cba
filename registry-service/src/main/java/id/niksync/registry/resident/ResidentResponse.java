package id.niksync.registry.resident;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The resident as stored, plus the change sequence of the event a write produced (absent
 * on reads and on writes that changed nothing).
 */
record ResidentResponse(@JsonUnwrapped Resident resident, Long changeSeq) {

	static ResidentResponse of(RecordedChange change) {
		return new ResidentResponse(change.resident(), change.changeSeq());
	}

}
