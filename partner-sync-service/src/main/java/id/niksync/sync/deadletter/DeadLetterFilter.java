package id.niksync.sync.deadletter;

import java.time.Instant;

/**
 * Which dead letters an operator means. Every field is optional.
 *
 * @param from created at or after
 * @param to created before
 */
public record DeadLetterFilter(DeadLetterStatus status, DeadLetterReason reason, String nik, Instant from, Instant to) {

	String where() {
		return " WHERE (CAST(? AS VARCHAR) IS NULL OR status = ?) AND (CAST(? AS VARCHAR) IS NULL OR reason_code = ?)"
				+ " AND (CAST(? AS VARCHAR) IS NULL OR nik = ?)"
				+ " AND (CAST(? AS TIMESTAMPTZ) IS NULL OR created_at >= ?)"
				+ " AND (CAST(? AS TIMESTAMPTZ) IS NULL OR created_at < ?)";
	}

	Object[] params() {
		String s = (this.status != null) ? this.status.name() : null;
		String r = (this.reason != null) ? this.reason.code() : null;
		java.sql.Timestamp f = (this.from != null) ? java.sql.Timestamp.from(this.from) : null;
		java.sql.Timestamp t = (this.to != null) ? java.sql.Timestamp.from(this.to) : null;
		return new Object[] { s, s, r, r, this.nik, this.nik, f, f, t, t };
	}

}
