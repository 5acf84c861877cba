package id.niksync.sync.reconcile;

import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import id.niksync.schemas.ReconciliationDigest;
import id.niksync.schemas.registry.RegionDigest.Bucket;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The replica's side of the digests: the same aggregate, and exactly the same row hash,
 * as the registry's {@code /internal/digests}, so equal data gives equal buckets.
 */
@Component
public class ReplicaDigests {

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	ReplicaDigests(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
	}

	@Transactional(readOnly = true)
	List<Bucket> children(String prefix, int childLength) {
		withoutSocketTimeout();
		ReconciliationDigest.Children digest = ReconciliationDigest.children("replica_resident", prefix, childLength);
		return this.jdbc.sql(digest.sql())
			.params(digest.parameters())
			.query((rs, n) -> new Bucket(rs.getString("bucket"), rs.getLong("residents"),
					Long.toHexString(rs.getLong("hash")), (childLength == 16) ? rs.getLong("version") : null))
			.list();
	}

	/**
	 * A whole-country digest aggregates every row and may take longer than the pool's
	 * {@code socketTimeout} allows a statement (application.yml); the pool puts the
	 * timeout back when the connection returns.
	 */
	private void withoutSocketTimeout() {
		try {
			DataSourceUtils.getConnection(this.dataSource).setNetworkTimeout(Runnable::run, 0);
		}
		catch (SQLException ex) {
			throw new CannotGetJdbcConnectionException("Cannot lift the socket timeout for a digest", ex);
		}
	}

}
