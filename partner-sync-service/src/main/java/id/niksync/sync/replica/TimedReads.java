package id.niksync.sync.replica;

import java.sql.SQLException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads of the replica that the server cancels after a timeout: a read stuck behind a
 * lock gives its connection back then, as PostgreSQL's {@code query_canceled}
 * ({@code SQLState 57014}), instead of holding it for the driver's socket timeout (a
 * minute). A server that hangs does not act on the cancel; the socket timeout bounds
 * that.
 */
public final class TimedReads {

	private static final String QUERY_CANCELED = "57014";

	private TimedReads() {
	}

	/**
	 * A client on {@code jdbc}'s database and exception translation whose statements the
	 * server cancels after {@code timeoutSeconds}.
	 */
	public static JdbcClient client(JdbcTemplate jdbc, int timeoutSeconds) {
		JdbcTemplate timed = new JdbcTemplate(jdbc.getDataSource());
		timed.setExceptionTranslator(jdbc.getExceptionTranslator());
		timed.setQueryTimeout(timeoutSeconds);
		return JdbcClient.create(timed);
	}

	/** Whether {@code ex}, or one of its causes, is a statement cancelled so. */
	public static boolean cancelled(Throwable ex) {
		return hasSqlState(ex, QUERY_CANCELED);
	}

	/** Whether {@code ex}, or one of its causes, is an SQLException of that state. */
	static boolean hasSqlState(Throwable ex, String state) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SQLException sql && state.equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

}
