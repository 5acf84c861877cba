package id.niksync.schemas.registry;

import java.util.List;

import id.niksync.schemas.ReconciliationDigest;

/**
 * {@code GET /internal/digests?prefix=…}: the digest of every child bucket of a region
 * prefix (province → regency → district → NIK), for reconciliation. The replica digests
 * its own data into the same {@link Bucket}s; see {@link ReconciliationDigest} for how a
 * bucket is hashed.
 *
 * @param prefix the region prefix asked for, empty for the whole country
 * @param childLength digits of a child bucket: 2, 4 or 6, or 16 when the children are
 * NIKs
 * @param buckets the child buckets that hold residents, in bucket order
 */
public record RegionDigest(String prefix, int childLength, List<Bucket> buckets) {

	/**
	 * One child bucket.
	 *
	 * @param bucket the child prefix, or the NIK itself at the last level
	 * @param count residents in it
	 * @param hash XOR of the residents' (nik, version) hashes, hex
	 * @param version the resident's version at the NIK level; absent above it
	 */
	public record Bucket(String bucket, long count, String hash, Long version) {

		/** Whether the two sides hold the same residents at the same versions. */
		public boolean sameAs(Bucket other) {
			return other != null && this.count == other.count && this.hash.equals(other.hash);
		}

	}

}
