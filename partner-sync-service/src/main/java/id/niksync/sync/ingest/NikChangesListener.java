package id.niksync.sync.ingest;

import java.util.ArrayList;
import java.util.List;

import id.niksync.schemas.EventDecodingException;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.sync.replica.ApplyResult;
import id.niksync.sync.replica.ReplicaRecord;
import id.niksync.sync.replica.ReplicaWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Applies each polled batch of {@code nik-changes} to the replica in one transaction. A
 * record that cannot be decoded or breaks the contract stops the batch at its index: the
 * records before it are applied, it goes to the dead-letter topic, and the records after
 * it are delivered again.
 */
@Component
class NikChangesListener {

	/** The listener container's id, for pausing and resuming it. */
	static final String ID = "nik-changes-ingest";

	private final NikChangedCodec codec;

	private final ReplicaWriter replica;

	private final Counter applied;

	private final Counter stale;

	NikChangesListener(NikChangedCodec codec, ReplicaWriter replica, MeterRegistry meters) {
		this.codec = codec;
		this.replica = replica;
		this.applied = Counter.builder("niksync.ingest.events")
			.tag("outcome", "applied")
			.description("Events applied to the replica")
			.register(meters);
		this.stale = Counter.builder("niksync.ingest.events")
			.tag("outcome", "stale")
			.description("Events not newer than the replica (duplicates, redeliveries, reordering)")
			.register(meters);
	}

	@KafkaListener(id = ID, topics = "${niksync.topic.name}", batch = "true")
	void on(List<ConsumerRecord<String, byte[]>> records) {
		List<ReplicaRecord> changes = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			ConsumerRecord<String, byte[]> record = records.get(i);
			try {
				changes.add(EventMapper.toReplica(record.key(), this.codec.decode(record.value())));
			}
			catch (EventDecodingException | InvalidEventException ex) {
				apply(changes);
				throw new BatchListenerFailedException(ex.getMessage(), ex, i);
			}
		}
		apply(changes);
	}

	private void apply(List<ReplicaRecord> changes) {
		ApplyResult result = this.replica.apply(changes);
		this.applied.increment(result.applied());
		this.stale.increment(result.stale());
	}

}
