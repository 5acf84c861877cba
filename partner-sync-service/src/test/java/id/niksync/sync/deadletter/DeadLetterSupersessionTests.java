package id.niksync.sync.deadletter;

import java.util.function.Supplier;

import id.niksync.sync.replica.ReplicaLockWaits;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The scheduled supersession while the replica database is away: skipped until the next
 * run, nothing thrown to the scheduler (which logged each run at ERROR with its trace,
 * every few seconds of an outage, seen in an attack on the local stack).
 */
class DeadLetterSupersessionTests {

	private final ReplicaLockWaits lockWaits = mock(ReplicaLockWaits.class);

	private final DeadLetterSupersession supersession = new DeadLetterSupersession(mock(JdbcClient.class),
			this.lockWaits);

	@Test
	void noConnectionForItsTransactionIsSkipped() {
		when(this.lockWaits.bounded(any(Supplier.class)))
			.thenThrow(new CannotCreateTransactionException("Could not open JDBC Connection for transaction"));

		assertThatNoException().isThrownBy(this.supersession::run);
	}

	@Test
	void noConnectionForItsStatementIsSkipped() {
		when(this.lockWaits.bounded(any(Supplier.class)))
			.thenThrow(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection"));

		assertThatNoException().isThrownBy(this.supersession::run);
	}

}
