package id.niksync.sync.ingest;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * A health probe never waits for a hung replica database longer than its bound: Spring
 * Boot's own check would wait as long as the database does not answer.
 */
class ReplicaDatabaseHealthTests {

	private final CountDownLatch answer = new CountDownLatch(1);

	private final AtomicInteger waiting = new AtomicInteger();

	private final IngestStatus ingest = mock(IngestStatus.class);

	@AfterEach
	void letTheHungCallsEnd() {
		this.answer.countDown();
	}

	@Test
	void aHungDatabaseIsDownWithinTheBoundAndLaterProbesWaitForTheSameCheck() throws Exception {
		HealthIndicator health = new ReplicaDatabaseHealth().replicaDatabaseHealth(hungDatabase(), this.ingest);

		assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
			for (int i = 0; i < 3; i++) {
				Health probe = health.health();
				assertThat(probe.getStatus()).isEqualTo(Status.DOWN);
				assertThat(probe.getDetails().get("reason").toString()).contains("did not answer within 2000 ms");
			}
		});
		// one check hangs; the probes after it did not start more
		assertThat(this.waiting).hasValue(1);
	}

	@Test
	void theBreakerKnowingTheDatabaseAwayAnswersWithoutAskingIt() throws Exception {
		DataSource database = mock(DataSource.class);
		given(this.ingest.replicaKnownAway()).willReturn(true);
		given(this.ingest.snapshot()).willReturn(new IngestStatus.Snapshot("nik-changes", true, true, "OPEN"));

		Health probe = new ReplicaDatabaseHealth().replicaDatabaseHealth(database, this.ingest).health();

		assertThat(probe.getStatus()).isEqualTo(Status.DOWN);
		assertThat(probe.getDetails().get("reason").toString()).contains("circuit breaker");
		verify(database, never()).getConnection();
	}

	/** A database whose connections never come (as a paused server's). */
	private DataSource hungDatabase() throws SQLException {
		DataSource database = mock(DataSource.class);
		given(database.getConnection()).willAnswer((invocation) -> {
			this.waiting.incrementAndGet();
			this.answer.await();
			throw new SQLException("gave up");
		});
		return database;
	}

}
