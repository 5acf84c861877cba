package id.niksync.sync.partner;

import java.util.Map;

/**
 * MATCH or NO_MATCH for each field asked about, and nothing else: a NIK that is not on
 * the replica matches nothing.
 */
record VerificationResult(String nik, Map<String, Match> fields) {

}
