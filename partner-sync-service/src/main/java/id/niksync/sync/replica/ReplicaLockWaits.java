package id.niksync.sync.replica;

import java.time.Duration;
import java.util.function.Supplier;

import id.niksync.access.DatabaseUnavailable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Work on the replica's database whose waits for a lock are bounded, not the work itself:
 * PostgreSQL's {@code lock_timeout} is set to {@value #WAIT} for the transaction it runs
 * in (the caller's, or one of its own) and put back after it. Behind an
 * {@code ALTER TABLE} or {@code VACUUM FULL} of {@code replica_resident} a statement
 * gives up after that wait ({@code lock_not_available}, SQLState 55P03) and gives its
 * connection back, instead of holding it for the driver's socket timeout (a minute);
 * while a statement that simply has much to do (superseding a million dead letters at
 * once) runs to its end, which a statement timeout would cancel again and again. A server
 * that hangs is not bounded here: a cancel it does not process frees nothing, the socket
 * timeout bounds that.
 */
@Component
public class ReplicaLockWaits {

	/** The most a statement waits for one lock. */
	public static final String WAIT = "5s";

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	ReplicaLockWaits(JdbcClient jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/**
	 * The work, in the caller's transaction if there is one, else in one of its own.
	 * @throws ReplicaReadTimedOutException when a statement of it waited {@value #WAIT}
	 * for a lock (the transaction is then rolled back)
	 */
	public <T> T bounded(Supplier<T> work) {
		return bounded(WAIT, work);
	}

	/**
	 * The work, its waits for a lock bounded by {@code wait} instead of {@value #WAIT}.
	 * @throws ReplicaReadTimedOutException when a statement of it waited that long
	 */
	public <T> T bounded(Duration wait, Supplier<T> work) {
		return bounded(Math.max(1, wait.toMillis()) + "ms", work);
	}

	private <T> T bounded(String wait, Supplier<T> work) {
		try {
			return this.transaction.execute((tx) -> {
				String before = this.jdbc.sql("SELECT current_setting('lock_timeout')").query(String.class).single();
				setLockTimeout(wait);
				T result = work.get();
				setLockTimeout(before);
				return result;
			});
		}
		catch (DataAccessException ex) {
			if (DatabaseUnavailable.lockWaitTimedOut(ex)) {
				throw new ReplicaReadTimedOutException(ex);
			}
			throw ex;
		}
	}

	/** For the rest of the transaction. */
	private void setLockTimeout(String value) {
		this.jdbc.sql("SELECT set_config('lock_timeout', ?, true)").param(value).query(String.class).single();
	}

}
