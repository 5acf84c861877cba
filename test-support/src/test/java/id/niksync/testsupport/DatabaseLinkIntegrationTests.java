package id.niksync.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The link fails the way a dead server does, and a cut leaves nothing working behind it:
 * an outage test that still had one connection through to the database would see the
 * service answer during the outage it means to show.
 */
class DatabaseLinkIntegrationTests {

	private final String url = EmbeddedPostgres.newDatabase();

	private final DatabaseLink link = DatabaseLink.to(this.url);

	@AfterEach
	void close() {
		this.link.close();
	}

	@Test
	void aCutBreaksOpenConnectionsAndRefusesNewOnesUntilRestored() throws Exception {
		try (Connection open = connect()) {
			assertThat(open.isValid(2)).isTrue();
			this.link.cut();
			assertThat(open.isValid(2)).isFalse();
		}
		assertThatThrownBy(this::connect).isInstanceOf(SQLException.class);
		this.link.restore();
		try (Connection again = connect()) {
			assertThat(again.isValid(2)).isTrue();
		}
	}

	@Test
	void aConnectionBeingOpenedWhenTheLinkIsCutDoesNotOutliveTheCut() throws Exception {
		int before = this.link.accepted();
		this.link.hang();
		// accepted by the link, which holds it while the database hangs
		CompletableFuture<Connection> opening = CompletableFuture.supplyAsync(() -> {
			try {
				return connect();
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> this.link.accepted() == before + 1);
		this.link.cut();
		this.link.resume();
		assertThatThrownBy(() -> opening.get(15, TimeUnit.SECONDS).close()).isInstanceOf(ExecutionException.class)
			.hasRootCauseInstanceOf(java.io.IOException.class);
	}

	private Connection connect() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", EmbeddedPostgres.OWNER.name());
		properties.setProperty("password", EmbeddedPostgres.OWNER.password());
		properties.setProperty("connectTimeout", "10");
		properties.setProperty("socketTimeout", "10");
		return DriverManager.getConnection(this.link.url(this.url), properties);
	}

}
