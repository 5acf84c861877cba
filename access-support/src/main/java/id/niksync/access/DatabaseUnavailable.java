package id.niksync.access;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.Predicate;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.ErrorResponse;

/**
 * A database outage as both services answer it: {@code 503 DATABASE_UNAVAILABLE} with a
 * {@code Retry-After}, never a 500. What counts as an outage is what says the database
 * cannot be reached, not that a statement was wrong: no connection within the pool's
 * connection timeout ({@code CannotCreateTransactionException} and
 * {@code CannotGetJdbcConnectionException} carry Hikari's
 * {@link SQLTransientConnectionException}), a connection that broke (SQLState class
 * {@code 08}), a server shutting down or starting ({@code 57P01}–{@code 57P03}), what
 * Spring translates to a resource failure, and a rollback that failed after any of these.
 * A statement that waited its {@code lock_timeout} for a lock (SQLState {@code 55P03}: a
 * table locked by an {@code ALTER TABLE}, a {@code VACUUM FULL}, a long transaction)
 * counts too, as {@code 503 DATABASE_BUSY}: the database answers, but what the request
 * needs in it does not, and the client's answer is the same, to try again shortly. So
 * does a request that found every connection requests may hold held by others
 * ({@link RequestConnectionShare}).
 */
public final class DatabaseUnavailable {

	public static final String CODE = "DATABASE_UNAVAILABLE";

	/** The code of a statement that waited its {@code lock_timeout} for a lock. */
	public static final String BUSY_CODE = "DATABASE_BUSY";

	/** PostgreSQL's {@code lock_not_available}. */
	private static final String LOCK_NOT_AVAILABLE = "55P03";

	/**
	 * What clients are told to wait: about one connection timeout, so a retry does not
	 * come before the service itself has tried again.
	 */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private static final int MAX_CAUSES = 20;

	private static final String HIKARI_CLOSED = "Connection is closed";

	private DatabaseUnavailable() {
	}

	/**
	 * Whether {@code ex}, or anything that caused it, says the database is unreachable.
	 */
	public static boolean causedBy(Throwable ex) {
		Throwable cause = ex;
		for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
			if (isOutage(cause)) {
				return true;
			}
			// A statement that failed on a broken connection, then a rollback that failed
			// on the closed one: the rollback's exception hides the statement's.
			if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
					&& rollback.getApplicationException() != ex && causedBy(rollback.getApplicationException())) {
				return true;
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return false;
	}

	/**
	 * Whether {@code ex}, or anything that caused it, is a statement that gave up waiting
	 * for a lock ({@code lock_timeout}).
	 */
	public static boolean lockWaitTimedOut(Throwable ex) {
		return anyCause(ex,
				(cause) -> cause instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState()));
	}

	/**
	 * Whether {@code ex}, or anything that caused it, is a transaction the database
	 * rolled back for another's sake (a deadlock, a serialization failure: SQL state
	 * class {@code 40}): worth trying again, but the database answered.
	 */
	public static boolean rolledBackForAnother(Throwable ex) {
		return anyCause(ex, (cause) -> cause instanceof SQLException sql && sql.getSQLState() != null
				&& sql.getSQLState().startsWith("40"));
	}

	/**
	 * Whether {@code ex}, or anything that caused it, says every connection requests may
	 * hold is held ({@link RequestConnectionShare}).
	 */
	public static boolean requestShareTaken(Throwable ex) {
		return anyCause(ex, RequestConnectionShare.ShareTakenException.class::isInstance);
	}

	private static boolean anyCause(Throwable ex, Predicate<Throwable> test) {
		Throwable cause = ex;
		for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
			if (test.test(cause)) {
				return true;
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return false;
	}

	/**
	 * {@link #BUSY_CODE} for a lock wait or a request share all taken, otherwise
	 * {@link #CODE}.
	 */
	public static String code(Throwable cause) {
		return (lockWaitTimedOut(cause) || requestShareTaken(cause)) ? BUSY_CODE : CODE;
	}

	/** What the client reads in the problem's {@code detail}. */
	public static String detail(Throwable cause) {
		if (lockWaitTimedOut(cause)) {
			return "What this request needs in the database is locked by other work; try again shortly";
		}
		if (requestShareTaken(cause)) {
			return "Every database connection requests may use is held by requests still waiting on the"
					+ " database; try again shortly";
		}
		return "The database is unavailable; try again shortly";
	}

	/** The 503 problem with its {@code Retry-After} header. */
	public static ErrorResponse response(Throwable cause) {
		return ErrorResponse.builder(cause, HttpStatus.SERVICE_UNAVAILABLE, detail(cause))
			.property("code", code(cause))
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER.toSeconds()))
			.build();
	}

	/**
	 * The 503 problem for a request refused without trying the database, because
	 * something that watches it (a circuit breaker) already knows it is away.
	 */
	public static ErrorResponse knownAway() {
		return ErrorResponse
			.builder(new IllegalStateException("database known to be away"), HttpStatus.SERVICE_UNAVAILABLE,
					"The database is unavailable; try again shortly")
			.property("code", CODE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER.toSeconds()))
			.build();
	}

	/**
	 * The exception types down to the root, for a log line: driver messages can quote row
	 * values, NIKs included.
	 */
	public static String describe(Throwable ex) {
		StringBuilder types = new StringBuilder(ex.getClass().getSimpleName());
		Throwable cause = ex.getCause();
		for (int depth = 0; cause != null && cause != ex && depth < MAX_CAUSES; depth++) {
			types.append(" < ").append(cause.getClass().getSimpleName());
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				types.append(" (").append(sql.getSQLState()).append(')');
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		if (ex instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
				&& rollback.getApplicationException() != ex) {
			types.append(", after ").append(describe(rollback.getApplicationException()));
		}
		return types.toString();
	}

	private static boolean isOutage(Throwable ex) {
		if (ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessResourceException
				|| ex instanceof SQLTransientConnectionException || ex instanceof SQLNonTransientConnectionException) {
			return true;
		}
		if (ex instanceof SQLException sql && sql.getSQLState() != null) {
			String state = sql.getSQLState();
			return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
					|| state.equals(LOCK_NOT_AVAILABLE);
		}
		// HikariCP's answer for a connection it already evicted as broken, without a
		// SQLState: met by a rollback after a commit failed on a hung database, whose
		// exception Spring only logs (the rollback's replaces it).
		return ex.getClass() == SQLException.class && HIKARI_CLOSED.equals(ex.getMessage());
	}

}
