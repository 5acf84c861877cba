package id.niksync.access;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.ErrorResponse;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableTests {

	/** What Hikari throws when no connection came within its connection timeout. */
	private static final SQLTransientConnectionException POOL_TIMEOUT = new SQLTransientConnectionException(
			"HikariPool-1 - Connection is not available, request timed out after 3000ms",
			new SQLException("Connection refused", "08001"));

	@Test
	void recognisesWhatSaysTheDatabaseCannotBeReached() {
		assertThat(DatabaseUnavailable
			.causedBy(new CannotCreateTransactionException("Could not open JDBC Connection", POOL_TIMEOUT))).isTrue();
		assertThat(DatabaseUnavailable.causedBy(new CannotGetJdbcConnectionException("no connection", POOL_TIMEOUT)))
			.isTrue();
		assertThat(DatabaseUnavailable.causedBy(new DataAccessResourceFailureException("I/O error",
				new SQLException("An I/O error occurred while sending to the backend", "08006"))))
			.isTrue();
		assertThat(DatabaseUnavailable.causedBy(new SQLException("terminating connection", "57P01"))).isTrue();
		assertThat(DatabaseUnavailable.causedBy(new InternalAuthenticationServiceException("sign-in",
				new CannotCreateTransactionException("Could not open JDBC Connection", POOL_TIMEOUT))))
			.isTrue();
	}

	@Test
	void seesTheBrokenConnectionBehindAFailedRollback() {
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollback.initApplicationException(new DataAccessResourceFailureException("I/O error",
				new SQLException("An I/O error occurred while sending to the backend", "08006")));

		assertThat(DatabaseUnavailable.causedBy(rollback)).isTrue();
		assertThat(DatabaseUnavailable.describe(rollback)).isEqualTo(
				"TransactionSystemException < SQLException, after DataAccessResourceFailureException < SQLException (08006)");
		// HikariCP's closed connection (no SQLState): the pool evicted it as broken. Met
		// as a rollback's failure after a commit timed out on a hung database; Spring
		// only
		// logs the commit's exception, so this is all there is to go by.
		assertThat(DatabaseUnavailable
			.causedBy(new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"))))
			.isTrue();
		assertThat(DatabaseUnavailable.causedBy(
				new TransactionSystemException("commit failed", new SQLException("Connection is closed", "42000"))))
			.as("a SQLState says what it was")
			.isFalse();
	}

	@Test
	void leavesFaultsOfTheStatementOrTheCodeAlone() {
		assertThat(DatabaseUnavailable.causedBy(new DuplicateKeyException("duplicate",
				new SQLException("duplicate key value violates unique constraint", "23505"))))
			.isFalse();
		assertThat(DatabaseUnavailable.causedBy(new BadSqlGrammarException("select", "SELECT nik FROM nowhere",
				new SQLException("permission denied", "42501"))))
			.isFalse();
		assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("bug"))).isFalse();
	}

	@Test
	void answers503WithACodeAndRetryAfter() {
		ErrorResponse response = DatabaseUnavailable.response(new IllegalStateException());

		assertThat(response.getStatusCode().value()).isEqualTo(503);
		assertThat(response.getBody().getProperties()).containsEntry("code", "DATABASE_UNAVAILABLE");
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
	}

}
