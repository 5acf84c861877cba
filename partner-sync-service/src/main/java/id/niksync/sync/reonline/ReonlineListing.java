package id.niksync.sync.reonline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operators' view of the re-online requests: failed ones first (they need someone), then
 * newest first; with what is pending and which NIKs are refused now. Like the dead-letter
 * list it is not audited (the dashboard reads it every few seconds); a NIK's sync state,
 * which lists its requests too, is.
 */
@Component
class ReonlineListing {

	private final JdbcClient jdbc;

	private final ReonlineRequests requests;

	ReonlineListing(JdbcClient jdbc, ReonlineRequests requests) {
		this.jdbc = jdbc;
		this.requests = requests;
	}

	@Transactional(readOnly = true)
	Page page(Long institutionId, ReonlineStatus status, Duration minAge, Duration maxAge, int page, int size) {
		StringBuilder where = new StringBuilder(" WHERE true");
		List<Object> params = new ArrayList<>();
		if (institutionId != null) {
			where.append(" AND r.institution_id = ?");
			params.add(institutionId);
		}
		if (status != null) {
			where.append(" AND r.status = ?");
			params.add(status.name());
		}
		if (minAge != null) {
			where.append(" AND r.requested_at <= clock_timestamp() - make_interval(secs => ?)");
			params.add(minAge.toSeconds());
		}
		if (maxAge != null) {
			where.append(" AND r.requested_at >= clock_timestamp() - make_interval(secs => ?)");
			params.add(maxAge.toSeconds());
		}
		long total = this.jdbc.sql("SELECT count(*)" + ReonlineRequests.FROM + where)
			.params(params)
			.query(Long.class)
			.single();
		List<ReonlineRequest> items = this.jdbc
			.sql("SELECT " + ReonlineRequests.COLUMNS + ReonlineRequests.FROM + where
					+ " ORDER BY (r.status = 'FAILED') DESC, r.requested_at DESC LIMIT ? OFFSET ?")
			.params(params)
			.param(size)
			.param((long) page * size)
			.query(ReonlineRequests::map)
			.list();
		Pending pending = this.jdbc.sql("""
				SELECT count(*) AS count, min(requested_at) AS oldest FROM reonline_request WHERE status = 'PENDING'""")
			.query((rs, n) -> new Pending(rs.getLong("count"),
					(rs.getTimestamp("oldest") != null) ? rs.getTimestamp("oldest").toInstant() : null))
			.single();
		return new Page(items, page, size, total, pending, this.requests.refusedNiks());
	}

	/**
	 * @param pending requests pending now, whatever the filter
	 * @param refusedNiks NIKs refused now for repeated rejections, whatever the filter
	 */
	record Page(List<ReonlineRequest> items, int page, int size, long total, Pending pending,
			List<ReonlineRequests.RefusedNik> refusedNiks) {
	}

	record Pending(long count, java.time.Instant oldestRequestedAt) {
	}

}
