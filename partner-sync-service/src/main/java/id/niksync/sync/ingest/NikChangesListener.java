package id.niksync.sync.ingest;

import java.util.ArrayList;
import java.util.List;

import id.niksync.schemas.EventDecodingException;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.sync.replica.ReplicaRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Applies each polled batch of {@code nik-changes} to the replica in one transaction. A
 * record that cannot be decoded, breaks the contract or is refused by a database
 * constraint stops the batch at its index: the records before it are applied, it goes to
 * the dead-letter topic, and the records after it are delivered again (G4). Any other
 * failure is the environment's and is retried.
 */
@Component
class NikChangesListener {

	/** The listener container's id, for pausing and resuming it. */
	static final String ID = "nik-changes-ingest";

	private final NikChangedCodec codec;

	private final ReplicaCircuit replica;

	private final ReplicaFreshness freshness;

	private final IngestMetrics metrics;

	NikChangesListener(NikChangedCodec codec, ReplicaCircuit replica, ReplicaFreshness freshness,
			IngestMetrics metrics) {
		this.codec = codec;
		this.replica = replica;
		this.freshness = freshness;
		this.metrics = metrics;
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
		try {
			this.metrics.applied(this.replica.apply(changes));
			this.freshness.recordCommitted(changes);
		}
		catch (DataIntegrityViolationException ex) {
			applyOneByOne(changes);
		}
	}

	/**
	 * The batch statement was refused as a whole; find the record the database objects
	 * to. Records before it are applied, each in its own transaction.
	 */
	private void applyOneByOne(List<ReplicaRecord> changes) {
		for (int i = 0; i < changes.size(); i++) {
			try {
				this.metrics.applied(this.replica.apply(List.of(changes.get(i))));
				this.freshness.recordCommitted(List.of(changes.get(i)));
			}
			catch (DataIntegrityViolationException ex) {
				// The SQL state only: the server's detail text can quote the row, i.e.
				// personal data.
				throw new BatchListenerFailedException("Replica refused the record, SQL state " + sqlState(ex), ex, i);
			}
		}
	}

	private static String sqlState(DataIntegrityViolationException ex) {
		return (ex.getMostSpecificCause() instanceof java.sql.SQLException sql) ? sql.getSQLState() : "unknown";
	}

}
