package id.niksync.sync.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Ingestion's error handler, as configured, against what the listener throws: a failure
 * that is not one record's never dead-letters a record, whatever its cause; a record's
 * own failure of a kind known to be the record's does at once, one nobody anticipated
 * after its attempts; a dead letter the broker refuses has its record delivered again
 * after a wait. The consumer, container and dead-lettering are mocks; the whole path runs
 * in IngestOutageIntegrationTests.
 */
class IngestErrorHandlerTests {

	private final DeadLettering deadLetters = mock(DeadLettering.class);

	private final IngestErrorHandler handler = (IngestErrorHandler) new IngestConfiguration().ingestErrorHandler(
			this.deadLetters, new IngestProperties(Duration.ofMillis(1), Duration.ofMillis(8), 3, false, null),
			mock(IngestMetrics.class), new RecordFailures(Clock.systemUTC()));

	/** The first record's failure of a kind nobody anticipated. */
	private final RuntimeException ownFailure = new NikChangesListener.RecordFailed("failed",
			new IllegalStateException("nobody anticipated this"), 0);

	/** The handler's waits for a refused dead letter, in milliseconds. */
	private final List<Long> waits = new ArrayList<>();

	{
		this.handler.sleepWith((container, millis) -> this.waits.add(millis));
	}

	private final ConsumerRecord<String, byte[]> first = new ConsumerRecord<>("nik-changes", 0, 0, "3511014506900001",
			new byte[] { 1 });

	private final ConsumerRecords<String, byte[]> batch = new ConsumerRecords<>(Map.of(
			new TopicPartition("nik-changes", 0),
			List.of(this.first, new ConsumerRecord<>("nik-changes", 0, 1, "3511014506900002", new byte[] { 1 }))));

	/**
	 * Spring Kafka takes a ClassCastException (here: a bug in the handling) for one not
	 * worth retrying, looking through the causes: the batch's first record went to the
	 * dead-letter topic for it.
	 */
	@Test
	void aBatchFailureCausedByWhatSpringKafkaNeverRetriesDeadLettersNothing() {
		handle(new NikChangesListener.BatchFailed(new ClassCastException("a bug")));

		verify(this.deadLetters, never()).send(any(), any());
	}

	@Test
	void theEnvironmentsFailureDeadLettersNothing() {
		handle(new NikChangesListener.BatchFailed(new CannotCreateTransactionException("replica away")));

		verify(this.deadLetters, never()).send(any(), any());
	}

	@Test
	void aRecordTheReplicaRefusesIsDeadLetteredAtOnce() {
		handle(new NikChangesListener.RecordFailed("refused", new DataIntegrityViolationException("too long"), 0));

		verify(this.deadLetters).send(eq(this.first), any());
	}

	/**
	 * Between two deliveries of a record failing for its own sake, the container clears
	 * the thread's state whenever a batch succeeds — also one of the consumer's other
	 * partitions, polled while the record is sought again. Its attempts are still
	 * counted: dead-lettered after the third.
	 */
	@Test
	void aRecordsAttemptsAreCountedAcrossOtherBatchesSucceeding() {
		handle(this.ownFailure);
		this.handler.clearThreadState();
		handle(this.ownFailure);
		this.handler.clearThreadState();
		verify(this.deadLetters, never()).send(any(), any());

		handle(this.ownFailure);

		verify(this.deadLetters).send(eq(this.first), any());
	}

	/**
	 * A batch that waited out an outage at its head record, then that record's own
	 * failures: its three attempts, whatever batches succeeded in between.
	 */
	@Test
	void theHeadRecordOfABatchThatWaitedOutAnOutageGetsItsOwnAttempts() {
		for (int i = 0; i < 4; i++) {
			handle(new NikChangesListener.BatchFailed(new CannotCreateTransactionException("replica away")));
		}
		this.handler.clearThreadState();
		handle(this.ownFailure);
		handle(this.ownFailure);
		verify(this.deadLetters, never()).send(any(), any());

		handle(this.ownFailure);

		verify(this.deadLetters).send(eq(this.first), any());
	}

	/** A rebalance that adds nothing to this consumer forgets nothing. */
	@Test
	void aRebalanceAddingNoPartitionKeepsTheCounts() {
		handle(this.ownFailure);
		handle(this.ownFailure);
		this.handler.onPartitionsAssigned(mock(Consumer.class), List.of(), () -> {
		});

		handle(this.ownFailure);

		verify(this.deadLetters).send(eq(this.first), any());
	}

	/** Assigned partitions may bring a record back that succeeded: counted afresh. */
	@Test
	void aNewAssignmentCountsAfresh() {
		handle(this.ownFailure);
		handle(this.ownFailure);
		this.handler.onPartitionsAssigned(mock(Consumer.class), List.of(new TopicPartition("nik-changes", 0)), () -> {
		});

		handle(this.ownFailure);

		verify(this.deadLetters, never()).send(any(), any());
	}

	/**
	 * The record may not be committed without its dead letter: delivered again, after a
	 * wait that doubles while letters are refused (at once, without it: a tight loop of
	 * deliveries for a record refused at once), and starts again once one is taken.
	 */
	@Test
	void aRefusedDeadLetterHasTheRecordDeliveredAgainAfterAGrowingWait() {
		RuntimeException refusedAtOnce = new NikChangesListener.RecordFailed("refused",
				new DataIntegrityViolationException("too long"), 0);
		doThrow(new KafkaException("dead-letter topic refused")).when(this.deadLetters).send(any(), any());
		for (int i = 0; i < 5; i++) {
			handle(refusedAtOnce);
		}
		handle(new NikChangesListener.BatchFailed(new CannotCreateTransactionException("replica away")));
		assertThat(this.waits).containsExactly(1L, 2L, 4L, 8L, 8L);

		doNothing().when(this.deadLetters).send(any(), any());
		handle(refusedAtOnce);
		doThrow(new KafkaException("dead-letter topic refused")).when(this.deadLetters).send(any(), any());
		handle(refusedAtOnce);

		assertThat(this.waits).containsExactly(1L, 2L, 4L, 8L, 8L, 1L);
		verify(this.deadLetters, times(7)).send(eq(this.first), any());
	}

	/**
	 * A record failing in a way nobody anticipated, whose letter is refused: it gets its
	 * attempts again (Spring Kafka starts them afresh) and each refusal waits longer.
	 */
	@Test
	void aRefusedDeadLetterAfterTheRecordsAttemptsWaitsToo() {
		doThrow(new KafkaException("dead-letter topic refused")).when(this.deadLetters).send(any(), any());
		for (int i = 0; i < 6; i++) {
			handle(this.ownFailure);
		}

		verify(this.deadLetters, times(2)).send(eq(this.first), any());
		assertThat(this.waits).containsExactly(1L, 2L);
	}

	private void handle(RuntimeException fromListener) {
		MessageListenerContainer container = mock(MessageListenerContainer.class);
		when(container.getContainerProperties()).thenReturn(new ContainerProperties("nik-changes"));
		Consumer<?, ?> consumer = mock(Consumer.class);
		try {
			this.handler.handleBatch(new ListenerExecutionFailedException("listener failed", fromListener), this.batch,
					consumer, container, () -> {
					});
		}
		catch (RuntimeException seekToCurrent) {
			// delivered again: how the error handler says so to the container
		}
	}

}
