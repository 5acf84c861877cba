package id.niksync.sync.partner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The institutions' token buckets in the replica database ({@code partner_rate_bucket}),
 * shared by every partner-sync instance. One statement per lease refills the bucket by
 * the database's clock, takes back what the instance's previous lease left unspent, and
 * hands out up to a block of permits.
 */
@Component
class RateBuckets {

	/**
	 * The row is locked first and the clock read after, so a lease that waited for
	 * another instance's never refills for time already counted.
	 */
	private static final String LEASE = """
			WITH asked (institution, rate, returned, need, want) AS (
			    VALUES (CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER),
			            CAST(? AS INTEGER))
			), bucket AS (
			    SELECT b.tokens, b.refilled_at FROM partner_rate_bucket b, asked
			    WHERE b.institution_id = asked.institution FOR UPDATE OF b
			), clocked AS (
			    SELECT clock_timestamp() AS now, tokens, refilled_at FROM bucket
			), refilled AS (
			    SELECT now, LEAST(asked.rate, tokens + asked.returned
			        + asked.rate * CAST(GREATEST(0, EXTRACT(EPOCH FROM now - refilled_at)) AS DOUBLE PRECISION)) AS tokens
			    FROM clocked, asked
			), leased AS (
			    SELECT now, tokens, CASE WHEN tokens >= asked.need
			        THEN LEAST(asked.want, CAST(floor(tokens) AS INTEGER)) ELSE 0 END AS permits
			    FROM refilled, asked
			)
			UPDATE partner_rate_bucket b SET tokens = leased.tokens - leased.permits, refilled_at = leased.now
			FROM leased, asked WHERE b.institution_id = asked.institution
			RETURNING leased.permits, b.tokens""";

	/** A new bucket is full. */
	private static final String CREATE = """
			INSERT INTO partner_rate_bucket (institution_id, tokens, refilled_at) VALUES (?, ?, clock_timestamp())
			ON CONFLICT (institution_id) DO NOTHING""";

	private final JdbcTemplate jdbc;

	RateBuckets(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Returns {@code returned} unspent permits to the institution's bucket and leases
	 * between {@code need} and {@code want} permits, or none when fewer than {@code need}
	 * are there. The connection gives up after {@code timeout}: a hung database (a paused
	 * server, a dropped network) never answers, and the lease's thread must not wait for
	 * it for the pool's 60 s socket timeout.
	 */
	Lease lease(long institutionId, int rate, int returned, int need, int want, Duration timeout) {
		return this.jdbc.execute((ConnectionCallback<Lease>) (connection) -> {
			connection.setNetworkTimeout(Runnable::run, Math.toIntExact(timeout.toMillis()));
			Lease lease = lease(connection, institutionId, rate, returned, need, want);
			if (lease == null) {
				try (PreparedStatement create = connection.prepareStatement(CREATE)) {
					create.setLong(1, institutionId);
					create.setDouble(2, rate);
					create.executeUpdate();
				}
				lease = lease(connection, institutionId, rate, returned, need, want);
			}
			return lease;
		});
	}

	private static Lease lease(Connection connection, long institutionId, int rate, int returned, int need, int want)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(LEASE)) {
			statement.setLong(1, institutionId);
			statement.setInt(2, rate);
			statement.setInt(3, returned);
			statement.setInt(4, need);
			statement.setInt(5, want);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? new Lease(rs.getInt(1), rs.getDouble(2)) : null;
			}
		}
	}

	/**
	 * One lease's answer.
	 *
	 * @param permits the permits leased, none when fewer than needed were there
	 * @param tokensLeft what the bucket holds after the lease
	 */
	record Lease(int permits, double tokensLeft) {
	}

}
