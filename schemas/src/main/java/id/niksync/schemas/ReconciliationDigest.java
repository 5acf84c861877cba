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

	/**
	 * The child buckets' digests of one prefix of {@code table}, oldest parameter first:
	 * the child buckets' length, then for a region (a non-empty prefix) its lower bound,
	 * upper bound and {@code LIKE} pattern ({@link #regionParameters}). The bounds keep
	 * the scan on a byte-ordered ({@code COLLATE "C"}) primary key whatever plan a
	 * prepared statement gets, and the {@code LIKE} keeps the match exact. The whole
	 * country (an empty prefix) is a statement of its own, so a generic plan made for a
	 * region's range never walks the whole key row by row.
	 * @param table a table with columns {@code nik} and {@code version}
	 * @param wholeCountry whether the prefix is empty
	 */
	public static String childrenSql(String table, boolean wholeCountry) {
		return "SELECT substr(nik, 1, ?) AS bucket, count(*) AS residents, bit_xor(" + ROW_HASH_SQL
				+ ") AS hash, max(version) AS version FROM " + table
				+ (wholeCountry ? "" : " WHERE nik >= ? AND nik <= ? AND nik LIKE ?") + " GROUP BY 1 ORDER BY 1";
	}

	/**
	 * @param childLength the child buckets' length
	 * @param prefix a non-empty region prefix of digits, at most 16
	 * @return the parameters of {@link #childrenSql childrenSql(table, false)}
	 */
	public static Object[] regionParameters(int childLength, String prefix) {
		return new Object[] { childLength, prefix, prefix + "9".repeat(Math.max(0, 16 - prefix.length())),
				prefix + "%" };
	}

}
