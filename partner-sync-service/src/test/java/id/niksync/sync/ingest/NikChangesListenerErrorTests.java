package id.niksync.sync.ingest;

import java.io.EOFException;
import java.util.List;
import java.util.stream.IntStream;

import id.niksync.schemas.EventDecodingException;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.signing.EventVerifier;
import id.niksync.sync.system.UnexpectedError;
import id.niksync.testsupport.Residents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The listener against an {@link Error} while it checks and decodes a record. Thrown out
 * of the listener, an Error stops the listener container for good; it must leave as an
 * exception the container's error handler deals with. And how a failure leaves it: the
 * environment's as a failure of the whole batch, a record's at its index, each of its own
 * class. Collaborators are mocks.
 */
class NikChangesListenerErrorTests {

	private final EventVerifier signatures = mock(EventVerifier.class);

	private final NikChangedCodec codec = mock(NikChangedCodec.class);

	private final ReplicaCircuit replica = mock(ReplicaCircuit.class);

	private final DeadLettering deadLetters = mock(DeadLettering.class);

	private final IngestMetrics metrics = mock(IngestMetrics.class);

	private final NikChangesListener listener = new NikChangesListener(this.signatures, this.codec, this.replica,
			mock(ReplicaFreshness.class), this.metrics,
			new TopicProperties("nik-changes", "nik-changes-dlt", "nik-changes-replays", 6, (short) 1),
			this.deadLetters);

	@Test
	void aStackOverflowOnOneRecordFailsThatRecordForTheErrorHandlersAttemptsAndTheDeadLetterTopic() {
		when(this.signatures.verify(any(), any(), any(), any())).thenReturn(EventVerifier.Outcome.VALID);
		when(this.codec.decode(any())).thenThrow(new StackOverflowError());

		assertThatExceptionOfType(NikChangesListener.RecordFailed.class).isThrownBy(() -> this.listener.on(records()))
			.satisfies((ex) -> assertThat(ex.getIndex()).isZero())
			.withRootCauseInstanceOf(StackOverflowError.class);
	}

	@Test
	void anyOtherErrorFailsTheWholeBatchAsTheEnvironmentsAndDeadLettersNothing() {
		when(this.signatures.verify(any(), any(), any(), any()))
			.thenThrow(new NoClassDefFoundError("a class that failed to load"));

		assertThatExceptionOfType(NikChangesListener.BatchFailed.class).isThrownBy(() -> this.listener.on(records()))
			.satisfies((ex) -> assertThat(ex.getIndex()).isZero())
			.satisfies((ex) -> assertThat(FailureClassifier.isEnvironmental(ex)).isTrue())
			.withCauseInstanceOf(UnexpectedError.class);
		verifyNoInteractions(this.deadLetters, this.replica);
	}

	@Test
	void aRecordThatDoesNotDecodeForAnIoExceptionIsStillTheRecordsAndDeadLetteredAlone() {
		// Avro reports a truncated body as an EOFException, an IOException: environmental
		// by the classifier's rule, but a failure to decode is the record's
		EventDecodingException undecodable = new EventDecodingException(EventDecodingException.Reason.DESERIALIZATION,
				"truncated", new EOFException());
		when(this.signatures.verify(any(), any(), any(), any())).thenReturn(EventVerifier.Outcome.VALID);
		when(this.codec.decode(any())).thenThrow(undecodable);
		List<ConsumerRecord<String, byte[]>> records = records();

		this.listener.on(records);

		verify(this.deadLetters).send(records.get(0), undecodable);
	}

	@Test
	void anErrorAnywhereElseInTheBatchLeavesTheListenerAsAnException() {
		doThrow(new NoClassDefFoundError("a class that failed to load")).when(this.metrics).delivered(anyInt());

		// before: the Error itself, and the container stopped for good
		assertThatExceptionOfType(NikChangesListener.BatchFailed.class).isThrownBy(() -> this.listener.on(records()))
			.withRootCauseInstanceOf(NoClassDefFoundError.class);
	}

	/**
	 * Thrown as a plain exception, the environment's failure had Spring Kafka retry the
	 * batch as a whole, in a loop of its own, which then handled a record's own failure
	 * batch-wide (IngestOutageIntegrationTests has the whole story).
	 */
	@Test
	void theEnvironmentsFailureFailsTheBatchFromItsFirstRecordAsAClassApartFromARecordsOwn() {
		when(this.signatures.verify(any(), any(), any(), any())).thenReturn(EventVerifier.Outcome.VALID);
		when(this.codec.decode(any())).thenReturn(Residents.event("3511014506900001", 1));
		when(this.replica.apply(any())).thenThrow(new CannotCreateTransactionException("replica away"));

		assertFailsTheBatch().withCauseInstanceOf(CannotCreateTransactionException.class);
	}

	/**
	 * Not one record's failure either: dead-lettering a refused record failed (here for a
	 * reason that is not the environment's). Thrown plain, the batch went to Spring
	 * Kafka's whole-batch retries.
	 */
	@Test
	void aFailureOfTheBatchsOwnHandlingFailsTheBatchFromItsFirstRecord() {
		when(this.signatures.verify(any(), any(), any(), any())).thenReturn(EventVerifier.Outcome.UNSIGNED);
		doThrow(new IllegalStateException("a dead letter the broker refused")).when(this.deadLetters)
			.send(any(), any());

		assertFailsTheBatch().withCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void aRecordTheReplicaRefusesFailsAtItsIndexAsTheRecords() {
		// the first not signed (refused before anything is applied), the second
		// applied, the third refused by the replica
		when(this.signatures.verify(any(), any(), any(), any())).thenReturn(EventVerifier.Outcome.UNSIGNED,
				EventVerifier.Outcome.VALID, EventVerifier.Outcome.VALID);
		when(this.codec.decode(any())).thenReturn(Residents.event("3511014506900001", 1));
		DataIntegrityViolationException tooLong = new DataIntegrityViolationException("value too long");
		when(this.replica.apply(any())).thenThrow(tooLong).thenReturn(null).thenThrow(tooLong);
		List<ConsumerRecord<String, byte[]>> records = records(3);

		assertThatExceptionOfType(NikChangesListener.RecordFailed.class).isThrownBy(() -> this.listener.on(records))
			.satisfies((ex) -> assertThat(ex.getIndex()).isEqualTo(2))
			.satisfies((ex) -> assertThat(NikChangesListener.RecordFailed.in(ex)).isTrue())
			.withCause(tooLong);
		// the refused record before it is dead-lettered before the offsets before it
		// are committed
		verify(this.deadLetters).send(eq(records.get(0)), any());
	}

	/** The whole batch failed, from its first record, and not as one record's failure. */
	private ThrowableAssertAlternative<NikChangesListener.BatchFailed> assertFailsTheBatch() {
		return assertThatExceptionOfType(NikChangesListener.BatchFailed.class)
			.isThrownBy(() -> this.listener.on(records()))
			.satisfies((ex) -> assertThat(ex.getIndex()).isZero())
			.satisfies((ex) -> assertThat(NikChangesListener.RecordFailed.in(ex)).isFalse());
	}

	private static List<ConsumerRecord<String, byte[]>> records() {
		return records(1);
	}

	/** Records at offsets 0, 1, … of one partition. */
	private static List<ConsumerRecord<String, byte[]>> records(int count) {
		return IntStream.range(0, count)
			.mapToObj((offset) -> new ConsumerRecord<>("nik-changes", 0, offset, "3511014506900001", new byte[] { 1 }))
			.toList();
	}

}
