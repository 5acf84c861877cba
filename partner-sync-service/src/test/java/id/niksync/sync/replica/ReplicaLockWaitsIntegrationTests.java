package id.niksync.sync.replica;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import id.niksync.sync.ServiceWithoutListenersTest;
import id.niksync.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What {@link ReplicaLockWaits} bounds, against real PostgreSQL: the wait for a lock, not
 * the work, and only for the work it runs.
 */
@ServiceWithoutListenersTest
class ReplicaLockWaitsIntegrationTests {

	@Autowired
	ReplicaLockWaits lockWaits;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Value("${spring.datasource.url}")
	String url;

	@Test
	void givesUpOnALockHeldLongerThanItsWait() throws Exception {
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url); Statement sql = owner.createStatement()) {
			owner.setAutoCommit(false);
			sql.execute("LOCK TABLE replica_resident IN ACCESS EXCLUSIVE MODE");
			// held far longer than the wait: without it the read waits for the lock, past
			// the preemptive timeout
			assertTimeoutPreemptively(Duration.ofSeconds(30),
					() -> assertThatThrownBy(() -> this.lockWaits.bounded(
							() -> this.jdbc.sql("SELECT count(*) FROM replica_resident").query(Long.class).single()))
						.isInstanceOf(ReplicaReadTimedOutException.class));
			owner.rollback();
		}
	}

	/** Work longer than the wait, without waiting for a lock, is not cancelled. */
	@Test
	void letsWorkLongerThanTheWaitRunToItsEnd() {
		assertThat(this.lockWaits
			.bounded(() -> this.jdbc.sql("SELECT count(*) FROM pg_sleep(6)").query(Long.class).single())).isEqualTo(1);
	}

	/** In the caller's transaction, which keeps its own lock_timeout after it. */
	@Test
	void putsTheCallersLockTimeoutBack() {
		String after = this.transaction.execute((tx) -> {
			this.jdbc.sql("SELECT set_config('lock_timeout', '42s', true)").query(String.class).single();
			String inside = this.lockWaits
				.bounded(() -> this.jdbc.sql("SELECT current_setting('lock_timeout')").query(String.class).single());
			assertThat(inside).isEqualTo(ReplicaLockWaits.WAIT);
			return this.jdbc.sql("SELECT current_setting('lock_timeout')").query(String.class).single();
		});
		assertThat(after).isEqualTo("42s");
	}

}
