package id.niksync.schemas;

import java.util.List;

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
	 * The statement that digests the child buckets of {@code prefix} in {@code table},
	 * and its parameters. A region (a non-empty prefix) is bounded by its first and last
	 * possible NIK, which keep the scan on a byte-ordered ({@code COLLATE "C"}) primary
	 * key whatever plan a prepared statement gets, and the {@code LIKE} keeps the match
	 * exact. The whole country (an empty prefix) is a statement of its own, so a generic
	 * plan made for a region's range never walks the whole key row by row. NIKs are 16
	 * digits on both sides (validated where they come in), so the bounds exclude nothing
	 * the LIKE matches.
	 * @param table a table with columns {@code nik} and {@code version}
	 * @param prefix "" or a region prefix of digits, at most 16
	 * @param childLength the child buckets' length
	 */
	public static Children children(String table, String prefix, int childLength) {
		String aggregate = "SELECT substr(nik, 1, ?) AS bucket, count(*) AS residents, bit_xor(" + ROW_HASH_SQL
				+ ") AS hash, max(version) AS version FROM " + table;
		if (prefix.isEmpty()) {
			return new Children(aggregate + " GROUP BY 1 ORDER BY 1", List.of(childLength));
		}
		return new Children(aggregate + " WHERE nik >= ? AND nik <= ? AND nik LIKE ? GROUP BY 1 ORDER BY 1",
				List.of(childLength, prefix, prefix + "9".repeat(Math.max(0, 16 - prefix.length())), prefix + "%"));
	}

	/**
	 * A digest statement and its parameters, in order.
	 *
	 * @param sql the statement, with {@code ?} placeholders
	 * @param parameters one per placeholder
	 */
	public record Children(String sql, List<Object> parameters) {
	}

}
