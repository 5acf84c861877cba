package id.niksync.sync.reconcile;

/**
 * A digest bucket, as both sides compute it: residents in the bucket and the XOR of their
 * (nik, version) hashes. {@code version} is set at the NIK level only.
 */
record Bucket(String bucket, long count, String hash, Long version) {

	boolean sameAs(Bucket other) {
		return other != null && this.count == other.count && this.hash.equals(other.hash);
	}

}
