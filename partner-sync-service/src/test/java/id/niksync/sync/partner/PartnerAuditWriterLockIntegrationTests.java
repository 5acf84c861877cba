package id.niksync.sync.partner;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import id.niksync.access.DatabaseUnavailable;
import id.niksync.sync.ServiceWithoutListenersTest;
import id.niksync.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a lock on {@code partner_audit} the audit writer fails the batch it is writing
 * after the pool's {@code lock_timeout}, and with it every request waiting then: each of
 * them would otherwise wait as long again in a batch of its own, one after another (15–20
 * s seen under load). Real PostgreSQL.
 */
@ServiceWithoutListenersTest
class PartnerAuditWriterLockIntegrationTests {

	@Autowired
	PartnerAuditWriter writer;

	@Value("${spring.datasource.url}")
	String url;

	@Test
	void requestsWaitingBehindABatchThatMetALockAreToldWithIt() throws Exception {
		List<CompletableFuture<Long>> failedAt = new ArrayList<>();
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url); Statement sql = owner.createStatement()) {
			owner.setAutoCommit(false);
			sql.execute("LOCK TABLE partner_audit IN ACCESS EXCLUSIVE MODE");
			failedAt.add(write());
			// the writer now waits for the lock with that one; these queue behind it
			Thread.sleep(1000);
			for (int i = 0; i < 8; i++) {
				failedAt.add(write());
			}
			CompletableFuture.allOf(failedAt.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			owner.rollback();
		}
		long first = failedAt.get(0).get();
		for (CompletableFuture<Long> queued : failedAt.subList(1, failedAt.size())) {
			// with the first batch, not a lock_timeout (5 s) later in a batch of their
			// own
			assertThat(TimeUnit.NANOSECONDS.toMillis(queued.get() - first)).isLessThan(2000);
		}
	}

	/** When the write failed for the lock, in System.nanoTime(). */
	private CompletableFuture<Long> write() {
		return CompletableFuture.supplyAsync(() -> {
			try {
				this.writer.write(List.of(PartnerAuditRow.of(null, PartnerOperation.LOOKUP, "lock test",
						"3511014506900001", Set.of(), "OK", 200)));
			}
			catch (AuditUnavailableException ex) {
				assertThat(DatabaseUnavailable.lockWaitTimedOut(ex)).isTrue();
				return System.nanoTime();
			}
			throw new AssertionError("written behind the lock");
		});
	}

}
