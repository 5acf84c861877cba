package id.niksync.registry.resident;

import java.util.List;

/** What a batch registration wrote, in the order of the request. */
record ResidentBatchResponse(int count, List<Registered> residents) {

	static ResidentBatchResponse of(List<RecordedChange> changes) {
		return new ResidentBatchResponse(changes.size(),
				changes.stream()
					.map((c) -> new Registered(c.resident().nik(), c.resident().version(), c.changeSeq()))
					.toList());
	}

	record Registered(String nik, long version, long changeSeq) {

	}

}
