package id.niksync.registry.digest;

import java.util.List;

import id.niksync.schemas.ReconciliationDigest;
import id.niksync.schemas.registry.RegionDigest.Bucket;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per-bucket digests of the registry for reconciliation: for each child bucket of a
 * region prefix (province → regency → district → NIK), how many residents it holds and an
 * order-independent hash of their (nik, version) pairs. One aggregate query per call,
 * whatever the number of residents.
 *
 * <p>
 * The row hash is the first 64 bits of {@code md5(nik || ':' || version)}, combined with
 * XOR ({@code bit_xor}): order-independent, and NIKs are unique so nothing cancels out.
 * The replica computes exactly the same expression, so equal buckets have equal digests.
 */
@Component
class Digests {

	private final JdbcClient jdbc;

	Digests(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	List<Bucket> children(String prefix) {
		int length = DigestLevel.childLength(prefix);
		ReconciliationDigest.Children digest = ReconciliationDigest.children("resident", prefix, length);
		return this.jdbc.sql(digest.sql())
			.params(digest.parameters())
			.query((rs, n) -> new Bucket(rs.getString("bucket"), rs.getLong("residents"),
					Long.toHexString(rs.getLong("hash")), (length == 16) ? rs.getLong("version") : null))
			.list();
	}

}
