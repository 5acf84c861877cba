package id.niksync.sync.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Ingestion's error handler, as configured, against what the listener throws: a failure
 * that is not one record's never dead-letters a record, whatever its cause; a record's
 * own failure of a kind known to be the record's does at once. The consumer, container
 * and dead-lettering are mocks; the whole path runs in IngestOutageIntegrationTests.
 */
class IngestErrorHandlerTests {

	private final DeadLettering deadLetters = mock(DeadLettering.class);

	private final DefaultErrorHandler handler = new IngestConfiguration().ingestErrorHandler(this.deadLetters,
			new IngestProperties(Duration.ofMillis(1), Duration.ofMillis(1), 3, false, null), mock(IngestMetrics.class),
			new RecordFailures(Clock.systemUTC()));

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
