package id.niksync.sync.lag;

import id.niksync.sync.ingest.IngestStatus;
import id.niksync.sync.reconcile.ReplicaCompleteness;

import org.springframework.stereotype.Component;

/**
 * The records waiting for the ingest group on the topics it consumes, read for each count
 * of the replica's residents ({@link ReplicaCompleteness}) between the registry's count
 * and the replica's.
 */
@Component
class IngestBacklog implements ReplicaCompleteness.Backlog {

	private final PartitionLagReader kafka;

	private final IngestStatus ingest;

	IngestBacklog(PartitionLagReader kafka, IngestStatus ingest) {
		this.kafka = kafka;
		this.ingest = ingest;
	}

	@Override
	public long waiting() throws Exception {
		String group = this.ingest.consumerGroup();
		if (group == null) {
			throw new IllegalStateException("ingestion's consumer group is not known yet");
		}
		return this.kafka.waiting(this.ingest.topics(), group);
	}

}
