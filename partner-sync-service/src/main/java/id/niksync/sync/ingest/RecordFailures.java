package id.niksync.sync.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;

import org.springframework.stereotype.Component;

/**
 * The latest failed delivery on each partition of the ingested topics
 * ({@code nik-changes} and the replay topic, each partition on its own): which record,
 * how many attempts so far, what failed. The sync verdict shows it as the cause when a
 * partition stops moving.
 */
@Component
public class RecordFailures {

	private final Map<TopicPartition, Failure> latest = new ConcurrentHashMap<>();

	private final Clock clock;

	RecordFailures(Clock clock) {
		this.clock = clock;
	}

	void failed(String topic, int partition, long offset, int attempt, Throwable ex) {
		this.latest.put(new TopicPartition(topic, partition), new Failure(topic, partition, offset, attempt,
				IngestConfiguration.rootCause(ex).getClass().getName(), this.clock.instant()));
	}

	/**
	 * A failure at the record, counted one more if the partition's latest failure was at
	 * the same record, as the first otherwise.
	 */
	void failedAgain(String topic, int partition, long offset, Throwable ex) {
		this.latest.compute(new TopicPartition(topic, partition),
				(key, before) -> new Failure(topic, partition, offset,
						(before != null && before.offset() == offset) ? before.attempts() + 1 : 1,
						IngestConfiguration.rootCause(ex).getClass().getName(), this.clock.instant()));
	}

	/**
	 * The latest failure on the partition if it is for the record at the group's position
	 * or after it (one the group has not got past); empty otherwise.
	 */
	public Optional<Failure> pending(String topic, int partition, long position) {
		Failure failure = this.latest.get(new TopicPartition(topic, partition));
		if (failure == null || failure.offset() < position) {
			return Optional.empty();
		}
		return Optional.of(failure);
	}

	/**
	 * @param topic the topic
	 * @param partition the partition
	 * @param offset the record that failed
	 * @param attempts deliveries of it that failed so far
	 * @param errorClass the root cause's class (never its message: it may quote the
	 * record)
	 * @param at when it last failed
	 */
	public record Failure(String topic, int partition, long offset, int attempts, String errorClass, Instant at) {
	}

}
