package id.niksync.sync.ingest;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

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
 * deliveries, writes and sends for as long as the broker refuses at once, as for an ACL
 * taken away). The consumer's other partitions wait with it.</li>
 * </ul>
 */
final class IngestErrorHandler extends DefaultErrorHandler {

	private static final Logger log = LoggerFactory.getLogger(IngestErrorHandler.class);

	private final RefusedLetters refused;

	private Sleep sleep = ListenerUtils::stoppableSleep;

	/**
	 * @param recoverer sends a record given up on to the dead-letter topic, throwing when
	 * the broker did not take it
	 * @param backOff between a failed record's attempts, unless a back-off function says
	 * otherwise
	 * @param refusedFirst the wait after a first refused dead letter, doubled after each
	 * one refused after it
	 * @param refusedMax the longest such wait
	 */
	IngestErrorHandler(ConsumerRecordRecoverer recoverer, BackOff backOff, Duration refusedFirst, Duration refusedMax) {
		super(recoverer, backOff);
		this.refused = new RefusedLetters(refusedFirst.toMillis(), refusedMax.toMillis());
		setRetryListeners();
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
			RefusedLetters.Owed owed = this.refused.owed();
			if (owed != null) {
				// every partition of this consumer waits with it
				log.warn("The dead letter for {} was not taken by the broker; delivered again in {} ms", owed.where(),
						owed.millis());
				try {
					this.sleep.sleep(container, owed.millis());
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

	/**
	 * Kept: see the class's description. Spring Kafka also calls this as a consumer
	 * thread ends; its counts then stay in the tracker (keyed by the thread), which
	 * matters only to a container stopped and started again, and ingestion's run until
	 * the application stops.
	 */
	@Override
	public void clearThreadState() {
	}

	/**
	 * Partitions added to this consumer: a record of theirs that succeeded elsewhere may
	 * come again, so the counts start afresh. (Kafka calls this after every rebalance,
	 * with nothing added too: then nothing is forgotten.)
	 */
	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
			Runnable publishPause) {
		if (!partitions.isEmpty()) {
			super.clearThreadState();
		}
		super.onPartitionsAssigned(consumer, partitions, publishPause);
	}

	interface Sleep {

		void sleep(MessageListenerContainer container, long millis) throws InterruptedException;

	}

	/**
	 * Per consumer thread (each handles its own records): how many dead letters in a row
	 * the broker refused, and the wait owed after the current handling. The count starts
	 * again once a letter is taken, or when the last refusal is older than a minute plus
	 * the longest wait (a refusal days later is a new one).
	 */
	private static final class RefusedLetters implements RetryListener {

		private final long first;

		private final long max;

		private final ThreadLocal<long[]> inARow = new ThreadLocal<>();

		private final ThreadLocal<Owed> owed = new ThreadLocal<>();

		RefusedLetters(long first, long max) {
			this.first = Math.max(1, first);
			this.max = Math.max(this.first, max);
		}

		@Override
		public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
		}

		@Override
		public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
			this.inARow.remove();
		}

		@Override
		public void recoveryFailed(ConsumerRecord<?, ?> record, Exception original, Exception failure) {
			long now = System.nanoTime();
			// {refusals, nanoTime of the last}
			long[] refusals = this.inARow.get();
			if (refusals == null || now - refusals[1] > TimeUnit.MILLISECONDS.toNanos(60_000 + this.max)) {
				refusals = new long[2];
				this.inARow.set(refusals);
			}
			long wait = this.first << Math.min(refusals[0], 30);
			refusals[0]++;
			refusals[1] = now;
			this.owed.set(new Owed(record.topic() + "-" + record.partition() + "@" + record.offset(),
					Math.min(wait, this.max)));
		}

		Owed owed() {
			Owed wait = this.owed.get();
			this.owed.remove();
			return wait;
		}

		record Owed(String where, long millis) {
		}

	}

}
