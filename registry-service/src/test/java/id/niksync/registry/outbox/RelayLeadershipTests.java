package id.niksync.registry.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Taking the lead must never leave a connection that may hold the relay's lock neither
 * kept nor ended: out of the pool's reach, or back in the pool, such a session would keep
 * every instance, this one included, from leading. JDBC objects are mocks; the lock
 * itself against PostgreSQL is in {@link OutboxRelayTakeOverIntegrationTests}.
 */
class RelayLeadershipTests {

	private final DataSource dataSource = mock(DataSource.class);

	private final RelayLeadership leadership = new RelayLeadership(this.dataSource);

	@Test
	void aConnectionWhoseLockWasGrantedButWhoseAnswerFailedToCloseIsEnded() throws SQLException {
		Session session = session(true);
		doThrow(new SQLException("I/O error", "08006")).when(session.answer()).close();

		assertThatExceptionOfType(SQLException.class).isThrownBy(this.leadership::lead);

		verify(session.connection()).close();
		// and the next attempt starts on a new connection
		Session next = session(true);
		assertThat(this.leadership.lead()).isEqualTo(1);
		verify(next.connection(), never()).close();
	}

	@Test
	void aConnectionWhoseLockStatementFailedIsEnded() throws SQLException {
		Session session = session(true);
		when(session.statement().executeQuery()).thenThrow(new SQLException("canceling statement", "57014"));

		assertThatExceptionOfType(SQLException.class).isThrownBy(this.leadership::lead);

		verify(session.connection()).close();
	}

	@Test
	void aLockHeldElsewhereReturnsTheConnectionAndLeadsNot() throws SQLException {
		Session session = session(false);

		assertThat(this.leadership.lead()).isZero();

		verify(session.connection()).close();
		// back in the pool as it came: the lead's keepalives are not set on it
		verify(session.connection(), never()).createStatement();
	}

	@Test
	void aGrantedLockKeepsItsConnectionUntilTheLeadIsGivenUp() throws SQLException {
		Session session = session(true);
		when(session.connection().isValid(2)).thenReturn(true);

		assertThat(this.leadership.lead()).isEqualTo(1);
		verify(session.connection().createStatement()).execute(RelayLeadership.SESSION_KEEPALIVES);
		assertThat(this.leadership.lead()).isEqualTo(1);
		verify(session.connection(), never()).close();

		this.leadership.close();
		verify(session.connection()).close();
	}

	/**
	 * The next connection the data source gives, its statement and its answer to the
	 * lock: {@code granted}.
	 */
	private Session session(boolean granted) throws SQLException {
		Connection connection = mock(Connection.class);
		PreparedStatement statement = mock(PreparedStatement.class);
		ResultSet result = mock(ResultSet.class);
		when(this.dataSource.getConnection()).thenReturn(connection);
		when(connection.prepareStatement(anyString())).thenReturn(statement);
		when(connection.createStatement()).thenReturn(mock(Statement.class));
		when(statement.executeQuery()).thenReturn(result);
		when(result.next()).thenReturn(true);
		when(result.getBoolean(1)).thenReturn(granted);
		return new Session(connection, statement, result);
	}

	private record Session(Connection connection, PreparedStatement statement, ResultSet answer) {
	}

}
