package id.niksync.sync.replica;

import java.sql.SQLException;

/**
 * PostgreSQL's {@code query_canceled} ({@code SQLState 57014}): how a read ends that the
 * server cancelled for its JDBC query timeout.
 */
public final class QueryCancelled {

	private static final String QUERY_CANCELED = "57014";

	private QueryCancelled() {
	}

	/** Whether {@code ex}, or one of its causes, is a statement cancelled so. */
	public static boolean causedBy(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

}
