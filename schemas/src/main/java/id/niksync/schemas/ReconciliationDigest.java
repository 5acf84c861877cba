package id.niksync.schemas;

/**
 * The digest both sides of reconciliation compute over their PostgreSQL tables: per
 * bucket, a count and the XOR ({@code bit_xor}) of each resident's row hash, the first 64
 * bits of {@code md5(nik || ':' || version)}. It is part of the contract between the
 * registry and the replica: if the two expressions ever differed, every bucket would look
 * divergent.
 */
public final class ReconciliationDigest {

	/**
	 * The per-row hash, a SQL expression over columns {@code nik} and {@code version}.
	 */
	public static final String ROW_HASH_SQL = "('x' || substr(md5(nik || ':' || version), 1, 16))::bit(64)::bigint";

	private ReconciliationDigest() {
	}

}
