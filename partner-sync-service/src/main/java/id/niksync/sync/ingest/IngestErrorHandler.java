package id.niksync.sync.ingest;

import java.util.Collection;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Spring Kafka's {@link DefaultErrorHandler}, with two changes that keep a record's
 * failures from holding its partition for ever.
 * <ul>
 * <li>A record's failed attempts are kept until it is dealt with. Spring Kafka forgets a
 * consumer thread's counts after any batch that succeeds after a failed one — also a
 * batch of only the thread's other partitions, which a poll can bring while the failing
 * record is sought again (their leader on another broker answering first). With records
 * arriving there (the thread's replay partition, its other {@code nik-changes}
 * partitions), a record failing for its own sake had its count start again and again,
 * never dead-lettered (RecordAttemptsIntegrationTests). The counts are forgotten on a new
 * assignment instead, where a record that succeeded may be delivered again.</li>
 * <li>A dead letter the broker does not take: the record may not be committed without it,
 * so it is delivered again, as Spring Kafka does — but after a wait that doubles from
 * {@code backoffInitial} to {@code backoffMax} while letters are refused, where Spring
 * Kafka delivers it again at once (for a record refused at once, a tight loop of
 * deliveries, writes and sends for as long as the dead-letter topic refuses).</li>
 * </ul>
 */
class IngestErrorHandler extends DefaultErrorHandler {

	private static final Logger log = LoggerFactory.getLogger(IngestErrorHandler.class);

	private final RefusedLetters refused;

	private Sleep sleep = ListenerUtils::stoppableSleep;

	private IngestErrorHandler(ConsumerRecordRecoverer recoverer, BackOff backOff, RefusedLetters refused) {
		super(recoverer, backOff);
		this.refused = refused;
	}

	/**
	 * @param recoverer sends a record given up on to the dead-letter topic, throwing when
	 * the broker did not take it
	 * @param backOff between a failed record's attempts, unless a back-off function says
	 * otherwise
	 * @param refusedBackOff between deliveries of a record whose dead letter was refused
	 */
	static IngestErrorHandler of(ConsumerRecordRecoverer recoverer, BackOff backOff, BackOff refusedBackOff) {
		IngestErrorHandler handler = new IngestErrorHandler(recoverer, backOff, new RefusedLetters(refusedBackOff));
		handler.setRetryListeners();
		return handler;
	}

	/** The listeners given, after this handler's own. */
	@Override
	public void setRetryListeners(RetryListener... listeners) {
		RetryListener[] all = new RetryListener[listeners.length + 1];
		all[0] = this.refused;
		System.arraycopy(listeners, 0, all, 1, listeners.length);
		super.setRetryListeners(all);
	}

	@Override
	public void handleBatch(Exception thrownException, ConsumerRecords<?, ?> data, Consumer<?, ?> consumer,
			MessageListenerContainer container, Runnable invokeListener) {
		try {
			super.handleBatch(thrownException, data, consumer, container, invokeListener);
		}
		finally {
			long wait = this.refused.owed();
			if (wait > 0) {
				log.warn("A dead letter was not taken by the broker; its record is delivered again in {} ms", wait);
				try {
					this.sleep.sleep(container, wait);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	/**
	 * For tests: how the handler waits (by default until the time is up or the container
	 * stops).
	 */
	void sleepWith(Sleep sleep) {
		this.sleep = sleep;
	}

	/** Kept: see the class's description. */
	@Override
	public void clearThreadState() {
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
			Runnable publishPause) {
		super.clearThreadState();
		super.onPartitionsAssigned(consumer, partitions, publishPause);
	}

	interface Sleep {

		void sleep(MessageListenerContainer container, long millis) throws InterruptedException;

	}

	/**
	 * Per consumer thread (each handles its own records): the back-off while the broker
	 * refuses dead letters, and the wait owed after the current handling.
	 */
	private static final class RefusedLetters implements RetryListener {

		private final BackOff backOff;

		private final ThreadLocal<BackOffExecution> refusing = new ThreadLocal<>();

		private final ThreadLocal<Long> owed = new ThreadLocal<>();

		RefusedLetters(BackOff backOff) {
			this.backOff = backOff;
		}

		@Override
		public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
		}

		@Override
		public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
			this.refusing.remove();
		}

		@Override
		public void recoveryFailed(ConsumerRecord<?, ?> record, Exception original, Exception failure) {
			BackOffExecution execution = this.refusing.get();
			if (execution == null) {
				execution = this.backOff.start();
				this.refusing.set(execution);
			}
			long next = execution.nextBackOff();
			this.owed.set((next == BackOffExecution.STOP) ? 0L : next);
		}

		long owed() {
			Long wait = this.owed.get();
			this.owed.remove();
			return (wait != null) ? wait : 0L;
		}

	}

}
