package id.niksync.access;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class RequestConnectionShareTests {

	private final DataSource pool = mock(DataSource.class);

	private final RequestConnectionShare share = new RequestConnectionShare(this.pool, 2, 4, Duration.ofMillis(50));

	@Test
	void requestsHoldAtMostTheirShareAndAreToldTheDatabaseIsBusy() throws Exception {
		given(this.pool.getConnection()).willAnswer((call) -> mock(Connection.class));
		serving("/partner/v1/residents/3511094506900001", () -> {
			Connection first = this.share.getConnection();
			Connection second = this.share.getConnection();
			assertThat(this.share.held()).isEqualTo(2);
			assertThatThrownBy(this.share::getConnection).isInstanceOf(RequestConnectionShare.ShareTakenException.class)
				.satisfies((ex) -> assertThat(DatabaseUnavailable.causedBy(ex)).isTrue())
				.satisfies((ex) -> assertThat(DatabaseUnavailable.code(ex)).isEqualTo("DATABASE_BUSY"));
			first.close();
			// closed twice, given back once
			first.close();
			assertThat(this.share.held()).isEqualTo(1);
			Connection third = this.share.getConnection();
			assertThat(this.share.held()).isEqualTo(2);
			second.close();
			third.close();
		});
		assertThat(this.share.held()).isZero();
		verify(this.pool, times(3)).getConnection();
	}

	@Test
	void backgroundWorkHoldsAtMostTheSharedPartAndProbesKeepTheRest() throws Exception {
		given(this.pool.getConnection()).willAnswer((call) -> mock(Connection.class));
		List<Connection> held = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			held.add(this.share.getConnection());
		}
		assertThat(this.share.heldShared()).isEqualTo(4);
		assertThat(this.share.held()).isZero();
		assertThatThrownBy(this.share::getConnection).isInstanceOf(RequestConnectionShare.ShareTakenException.class)
			.hasMessageContaining("Requests and background work hold all 4");
		// a probe still gets one, and so would the next
		Connection probe = RequestConnectionShare.probe(this::unchecked);
		assertThat(probe).isNotNull();
		assertThat(RequestConnectionShare.probe(this::unchecked)).isNotNull();
		assertThat(this.share.heldShared()).isEqualTo(4);
		// a request meets the shared part taken too
		serving("/partner/v1/residents/3511094506900001", () -> assertThatThrownBy(this.share::getConnection)
			.isInstanceOf(RequestConnectionShare.ShareTakenException.class));
		assertThat(this.share.held()).isZero();
		held.remove(0).close();
		// a sign-in's account read on a thread of BoundedWait's is the request's
		BoundedWait otherThread = new BoundedWait("test-wait", Duration.ofSeconds(5), 4);
		serving("/ops/accounts", () -> {
			held.add(otherThread.call(this::unchecked));
			assertThat(this.share.held()).isEqualTo(1);
			assertThat(this.share.heldShared()).isEqualTo(4);
		});
	}

	private Connection unchecked() {
		try {
			return this.share.getConnection();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void aConnectionThePoolDidNotGiveTakesNoPlace() throws Exception {
		given(this.pool.getConnection()).willThrow(new SQLException("refused", "08001"));
		serving("/ops/outbox", () -> {
			for (int i = 0; i < 3; i++) {
				assertThatThrownBy(this.share::getConnection).hasMessage("refused");
			}
		});
		assertThat(this.share.held()).isZero();
	}

	@Test
	void theConnectionUnderneathIsTheOneThePoolGave() throws Exception {
		Connection pooled = mock(Connection.class);
		given(this.pool.getConnection()).willReturn(pooled);
		serving("/ops/outbox", () -> {
			Connection connection = this.share.getConnection();
			assertThat(org.springframework.jdbc.datasource.DataSourceUtils.getTargetConnection(connection))
				.isSameAs(pooled);
			connection.prepareStatement("SELECT 1");
			verify(pooled).prepareStatement("SELECT 1");
			connection.close();
			verify(pooled).close();
		});
	}

	@Test
	void unwrapsToThePoolForSpringBootToDeriveFlywaysDataSource() throws Exception {
		assertThat(this.share.unwrap(DataSource.class)).isSameAs(this.pool);
		assertThat(this.share.unwrap(RequestConnectionShare.class)).isSameAs(this.share);
	}

	private static void serving(String path, SqlWork work) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setServletPath(path);
		FilterChain chain = (req, res) -> {
			try {
				work.run();
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		};
		new RequestConnectionShare.Filter().doFilter(request, new MockHttpServletResponse(), chain);
	}

	@FunctionalInterface
	private interface SqlWork {

		void run() throws SQLException;

	}

}
