package id.niksync.sync.ingest;

import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

import id.niksync.schemas.EventDecodingException;
import id.niksync.sync.deadletter.DeadLetterReason;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassifierTests {

	@Test
	void namesADecodingFailureByTheCodecsReason() {
		for (EventDecodingException.Reason reason : EventDecodingException.Reason.values()) {
			EventDecodingException ex = new EventDecodingException(reason, "cannot decode", null);

			assertThat(FailureClassifier.reasonFor(asTheListenerThrowsIt(ex)).code()).isEqualTo(reason.name());
		}
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

	private static Exception asTheListenerThrowsIt(Exception cause) {
		return new ListenerExecutionFailedException("Listener failed", cause);
	}

}
