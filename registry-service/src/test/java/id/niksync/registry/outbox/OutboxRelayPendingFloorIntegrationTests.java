package id.niksync.registry.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.PublishedEvents;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.testsupport.Residents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The relay's scan starts above the published rows ({@link PendingFloor}), against a real
 * PostgreSQL and broker, and never above a row that can still commit: a transaction that
 * took a lower id and commits after higher ones were published still gets its row out.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class OutboxRelayPendingFloorIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	OutboxRelay relay;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Test
	void theScanStartsAbovePublishedRowsButNeverAboveOneThatCanStillCommit() throws Exception {
		create("3511094506900501");
		awaitNothingPending();
		long published = lastPublishedId();
		await().atMost(Duration.ofSeconds(10))
			.alias("the scan starts above what is published")
			.until(() -> this.relay.pendingFloor() > published);
		// published rows leave the outbox: the payload as the topic has it
		byte[] payload = new NikChangedCodec().encode(PublishedEvents.of(this.broker, "3511094506900501", 1).get(0));

		long late;
		try (Connection writer = this.dataSource.getConnection()) {
			late = takeIdAsOutboxDoes(writer);
			try (PreparedStatement insert = writer
				.prepareStatement("INSERT INTO outbox (id, event_id, nik, version, change_type, payload, occurred_at)"
						+ " VALUES (?, gen_random_uuid(), '3511094506900502', 1, 'ISSUED', ?, now())")) {
				insert.setLong(1, late);
				insert.setBytes(2, payload);
				insert.executeUpdate();
			}
			// higher ids committed and published meanwhile, across many moves of the
			// floor
			for (int serial = 503; serial <= 506; serial++) {
				create("3511094506900" + serial);
				awaitNothingPending();
				Thread.sleep(300);
			}
			assertThat(lastPublishedId()).isGreaterThan(late);
			assertThat(this.relay.pendingFloor()).as("the floor waits for the open transaction")
				.isLessThanOrEqualTo(late);
			writer.commit();
		}
		await().atMost(Duration.ofSeconds(10))
			.alias("the late row is published")
			.until(() -> this.jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM outbox WHERE id = ?)")
				.param(late)
				.query(Boolean.class)
				.single());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.relay.pendingFloor() > lastPublishedId());
	}

	@Test
	void theFloorWaitsForAnOpenWriterEvenWhenNoLaterTransactionHasCompleted() throws Exception {
		// A snapshot's xmax is one past the last completed transaction: with no later one
		// completed, the writer is above it (run alone, this failed with an xmax-based
		// floor; relays of other cached test contexts on this server may complete some).
		// This context's relay would, with its own floor statements.
		this.relay.stop();
		PendingFloor floor = new PendingFloor(Duration.ZERO);
		long id;
		try (Connection writer = this.dataSource.getConnection()) {
			id = takeIdAsOutboxDoes(writer);

			assertThat(floor.beforeScan(this.jdbc)).as("reads its candidate").isFalse();
			assertThat(floor.beforeScan(this.jdbc)).as("the writer holding an id below it is open").isFalse();
			writer.commit();
		}
		finally {
			this.relay.start();
		}
		// other transactions on the server (other test contexts' relays) may still be
		// older
		await().atMost(Duration.ofSeconds(10)).alias("the writer ended").until(() -> floor.beforeScan(this.jdbc));
		floor.afterScan(-1);
		assertThat(floor.value()).isGreaterThan(id);
	}

	@Test
	void theNextCandidateIsReadWhenTheLastSettlesAndASettledOneStaysSettled() throws Exception {
		this.relay.stop();
		PendingFloor floor = new PendingFloor(Duration.ZERO);
		try {
			long first;
			try (Connection writer = this.dataSource.getConnection()) {
				first = takeIdAsOutboxDoes(writer);
				writer.commit();
			}
			assertThat(floor.beforeScan(this.jdbc)).as("reads its candidate").isFalse();
			try (Connection writer = this.dataSource.getConnection()) {
				long second = takeIdAsOutboxDoes(writer);
				await().atMost(Duration.ofSeconds(10))
					.alias("the first writer ended")
					.until(() -> floor.beforeScan(this.jdbc));
				assertThat(floor.candidate()).as("the next candidate, read as the last one settled")
					.isGreaterThanOrEqualTo(second);
				// the scan found the first row still pending: the floor stops there
				floor.afterScan(first);
				assertThat(floor.value()).isEqualTo(first);
				assertThat(floor.beforeScan(this.jdbc)).as("the settled candidate still lies above the floor").isTrue();
				floor.afterScan(-1);
				assertThat(floor.value()).isBetween(first + 1, second);
				assertThat(floor.beforeScan(this.jdbc)).as("the second writer is open").isFalse();
				assertThat(floor.value()).isLessThanOrEqualTo(second);
				writer.commit();
				await().atMost(Duration.ofSeconds(10))
					.alias("the second writer ended")
					.until(() -> floor.beforeScan(this.jdbc));
				floor.afterScan(-1);
				assertThat(floor.value()).isGreaterThan(second);
			}
		}
		finally {
			this.relay.start();
		}
	}

	@Test
	void aCandidateHalfReadWhenTheDatabaseFailedIsNotUsed() throws Exception {
		AtomicInteger connections = new AtomicInteger();
		DataSource failingSecond = new DelegatingDataSource(this.dataSource) {
			@Override
			public Connection getConnection() throws SQLException {
				if (connections.incrementAndGet() == 2) {
					throw new SQLException("no connection available");
				}
				return super.getConnection();
			}
		};
		JdbcClient flaky = JdbcClient.create(failingSecond);
		PendingFloor floor = new PendingFloor(Duration.ZERO);
		try (Connection writer = this.dataSource.getConnection()) {
			takeIdAsOutboxDoes(writer);

			// the sequence read, then no transaction id: the database went away between
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> floor.beforeScan(flaky));
			assertThat(floor.beforeScan(flaky)).as("reads a whole candidate again").isFalse();
			assertThat(floor.beforeScan(flaky)).as("the writer is open").isFalse();
			writer.commit();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> floor.beforeScan(flaky));
	}

	/**
	 * Opens a transaction on the connection and takes an outbox id in it as
	 * {@link Outbox} does: a transaction id first, then the sequence number.
	 */
	private static long takeIdAsOutboxDoes(Connection writer) throws Exception {
		writer.setAutoCommit(false);
		try (Statement statement = writer.createStatement()) {
			statement.execute("SELECT pg_current_xact_id()");
		}
		try (Statement statement = writer.createStatement();
				ResultSet rs = statement.executeQuery("SELECT nextval('outbox_id_seq')")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private long lastPublishedId() {
		return this.jdbc.sql("SELECT last_published_id FROM outbox_relay_stats").query(Long.class).single();
	}

	private void create(String nik) {
		assertThat(this.http.postForEntity("/api/v1/residents", Residents.siti(nik).toMap(), JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.CREATED);
	}

	private void awaitNothingPending() {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single() == 0);
	}

}
