package id.niksync.sync.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partition that waits at the same record batch after batch (an outage) shows how many
 * times it failed there; a partition that moved on starts again at one.
 */
class RecordFailuresTests {

	private final RecordFailures failures = new RecordFailures(
			Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC));

	private final Exception outage = new CannotCreateTransactionException("replica away");

	@Test
	void aBatchFailingAgainAtTheSameRecordCountsOneMoreAttempt() {
		this.failures.failedAgain("nik-changes", 1, 40, this.outage);
		this.failures.failedAgain("nik-changes", 1, 40, this.outage);
		this.failures.failedAgain("nik-changes", 1, 40, this.outage);

		assertThat(this.failures.pending("nik-changes", 1, 40)).hasValueSatisfying((failure) -> {
			assertThat(failure.attempts()).isEqualTo(3);
			assertThat(failure.errorClass()).isEqualTo(CannotCreateTransactionException.class.getName());
		});
	}

	@Test
	void aFailureAtAnotherRecordStartsAgainAtOne() {
		this.failures.failedAgain("nik-changes", 1, 40, this.outage);
		this.failures.failedAgain("nik-changes", 1, 40, this.outage);
		this.failures.failedAgain("nik-changes", 1, 52, this.outage);
		this.failures.failedAgain("nik-changes", 2, 52, this.outage);

		assertThat(this.failures.pending("nik-changes", 1, 41))
			.hasValueSatisfying((failure) -> assertThat(failure.attempts()).isEqualTo(1));
		assertThat(this.failures.pending("nik-changes", 2, 52))
			.hasValueSatisfying((failure) -> assertThat(failure.attempts()).isEqualTo(1));
	}

	@Test
	void theRecordsOwnCountFromTheErrorHandlerIsKeptAsItIs() {
		this.failures.failedAgain("nik-changes", 1, 40, this.outage);
		this.failures.failed("nik-changes", 1, 40, 7, this.outage);

		assertThat(this.failures.pending("nik-changes", 1, 40))
			.hasValueSatisfying((failure) -> assertThat(failure.attempts()).isEqualTo(7));
	}

}
