package id.niksync.sync.partner;

import java.util.Map;

/**
 * MATCH or NO_MATCH for each field asked about, and nothing else; in a batch, a NIK that
 * is not on the replica answers {@code code: NOT_ON_REPLICA} and no fields (a single
 * verification is a 404 with that code).
 */
record VerificationResult(String nik, Map<String, Match> fields, String code) {

	static VerificationResult notOnReplica(String nik) {
		return new VerificationResult(nik, null, ResidentNotFoundException.CODE);
	}

}
