package id.niksync.sync.ingest;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;

import id.niksync.schemas.EventDecodingException;
import id.niksync.schemas.signing.EventVerifier;
import id.niksync.sync.deadletter.DeadLetterReason;
import id.niksync.sync.system.UnexpectedError;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassifierTests {

	@Test
	void aStackOverflowIsTheRecordsAndAnyOtherErrorTheEnvironments() {
		RuntimeException overflow = UnexpectedError.of(new StackOverflowError());
		RuntimeException unloadable = UnexpectedError.of(new NoClassDefFoundError("a class that failed to load"));

		// the record's: attempts, then the dead-letter topic as UNCLASSIFIED
		assertThat(FailureClassifier.isEnvironmental(asTheListenerThrowsIt(overflow))).isFalse();
		assertThat(FailureClassifier.reasonFor(asTheListenerThrowsIt(overflow)))
			.isEqualTo(DeadLetterReason.UNCLASSIFIED);
		// the environment's: retried without end, never dead-lettered, and the breaker
		// counts it
		assertThat(FailureClassifier.isEnvironmental(asTheListenerThrowsIt(unloadable))).isTrue();
		assertThat(FailureClassifier.isOutage(unloadable)).isTrue();
		assertThat(UnexpectedError.of(new IllegalStateException("as it is"))).isInstanceOf(IllegalStateException.class)
			.hasMessage("as it is");
	}

	/**
	 * A deadlock or a serialization failure is retried, never dead-lettered, but the
	 * breaker does not count it: the database answered.
	 */
	@Test
	void aTransactionRolledBackForAnothersSakeIsRetriedButNoOutage() {
		for (String state : new String[] { "40P01", "40001" }) {
			RuntimeException ex = new UncategorizedSQLException("upsert", "INSERT …",
					new SQLException("rolled back", state));

			assertThat(FailureClassifier.isEnvironmental(asTheListenerThrowsIt(ex))).as(state).isTrue();
			assertThat(FailureClassifier.isOutage(asTheListenerThrowsIt(ex))).as(state).isFalse();
		}
		RuntimeException away = new UncategorizedSQLException("upsert", "INSERT …",
				new SQLException("connection lost", "08006"));
		assertThat(FailureClassifier.isOutage(asTheListenerThrowsIt(away))).isTrue();
	}

	@Test
	void namesADecodingFailureByTheCodecsReason() {
		for (EventDecodingException.Reason reason : EventDecodingException.Reason.values()) {
			EventDecodingException ex = new EventDecodingException(reason, "cannot decode", null);

			assertThat(FailureClassifier.reasonFor(asTheListenerThrowsIt(ex)).code()).isEqualTo(reason.name());
		}
	}

	@Test
	void namesARecordTheRegistryDidNotSignSignatureInvalidAndNeverRetriesIt() {
		SignatureInvalidException ex = new SignatureInvalidException(EventVerifier.Outcome.UNSIGNED);

		assertThat(FailureClassifier.reasonFor(asTheListenerThrowsIt(ex)))
			.isEqualTo(DeadLetterReason.SIGNATURE_INVALID);
		assertThat(FailureClassifier.isEnvironmental(asTheListenerThrowsIt(ex))).isFalse();
		// Not retryable: straight to the dead-letter topic.
		assertThat(FailureClassifier.RECORD_FAILURES).contains(SignatureInvalidException.class);
	}

	@Test
	void namesAContractBreachByItsOwnReason() {
		InvalidEventException ex = new InvalidEventException(DeadLetterReason.INVALID_KK, "KK number is invalid");

		assertThat(FailureClassifier.reasonFor(asTheListenerThrowsIt(ex))).isEqualTo(DeadLetterReason.INVALID_KK);
	}

	@Test
	void namesARowTheReplicaRefusesAConstraintViolation() {
		DataIntegrityViolationException ex = new DataIntegrityViolationException("value too long",
				new SQLException("value too long", "22001"));

		assertThat(FailureClassifier.reasonFor(asTheListenerThrowsIt(ex)))
			.isEqualTo(DeadLetterReason.CONSTRAINT_VIOLATION);
	}

	@Test
	void leavesTheEnvironmentsFailuresUnclassified() {
		assertThat(FailureClassifier
			.reasonFor(asTheListenerThrowsIt(new DataAccessResourceFailureException("connection refused"))))
			.isEqualTo(DeadLetterReason.UNCLASSIFIED);
		assertThat(FailureClassifier.reasonFor(new TimeoutException())).isEqualTo(DeadLetterReason.UNCLASSIFIED);
	}

	@Test
	void tellsTheEnvironmentsFailuresByKind() {
		assertThat(FailureClassifier.isEnvironmental(asTheListenerThrowsIt(
				new CannotGetJdbcConnectionException("no connection", new SQLTransientConnectionException("timeout")))))
			.isTrue();
		assertThat(FailureClassifier.isEnvironmental(
				new UncategorizedSQLException("write", "INSERT", new SQLException("terminating", "57P01"))))
			.as("the server shutting down")
			.isTrue();
		assertThat(FailureClassifier.isEnvironmental(new QueryTimeoutException("slow"))).isTrue();
		assertThat(FailureClassifier.isEnvironmental(new CannotCreateTransactionException("pool exhausted"))).isTrue();
		assertThat(FailureClassifier.isEnvironmental(
				CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("replica"))))
			.isTrue();
		assertThat(FailureClassifier.isEnvironmental(new org.apache.kafka.common.errors.TimeoutException("broker")))
			.isTrue();
	}

	@Test
	void takesEverythingElseForTheRecords() {
		assertThat(FailureClassifier
			.isEnvironmental(asTheListenerThrowsIt(new IllegalArgumentException("Invalid UUID string: not-a-uuid"))))
			.isFalse();
		assertThat(FailureClassifier.isEnvironmental(new NullPointerException())).isFalse();
		assertThat(FailureClassifier.isEnvironmental(
				new DataIntegrityViolationException("value too long", new SQLException("value too long", "22001"))))
			.isFalse();
		assertThat(FailureClassifier.reasonFor(new IllegalArgumentException("Invalid UUID string")))
			.isEqualTo(DeadLetterReason.UNCLASSIFIED);
	}

	@Test
	void masksEveryNikInAMessageItLogs() {
		assertThat(IngestConfiguration.masked("bad 3511014506900001 and 3511010101100001 here"))
			.isEqualTo("bad 3511********0001 and 3511********0001 here");
		assertThat(IngestConfiguration.masked("x".repeat(500))).hasSize(201);
	}

	private static Exception asTheListenerThrowsIt(Exception cause) {
		return new ListenerExecutionFailedException("Listener failed", cause);
	}

}
