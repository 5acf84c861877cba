package id.niksync.sync.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.signing.EventVerifier;
import id.niksync.sync.deadletter.DeadLetterReason;
import id.niksync.sync.replica.ReplicaRecord;
import id.niksync.sync.system.UnexpectedError;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Applies each polled batch of {@code nik-changes} and of the replay topic (dead letters
 * sent back, {@code nik-changes-replays}) to the replica in one transaction: one group,
 * one error handler, one version guard for both. A record's signature is checked before
 * anything else is done with it, a replay's as if it were on {@code nik-changes}, the
 * topic the registry signed it for. A record refused before it is applied (not signed by
 * the registry, undecodable, breaking the contract) goes to the dead-letter topic from
 * within the batch, and the rest of the batch is applied. A record that fails later (is
 * refused by the database) or in a way nobody anticipated stops the batch at its index:
 * the records before it are applied, it is retried or goes to the dead-letter topic, and
 * the records after it are delivered again (G4). A failure of the environment fails the
 * whole batch from its first record ({@link BatchFailed}), which is delivered again with
 * back-off while the breaker pauses consumption (G3).
 */
@Component
class NikChangesListener {

	/**
	 * The listener container's id, for pausing and resuming it. Not the group: that is
	 * {@code spring.kafka.consumer.group-id} ({@link PreviousGroupOffsets}).
	 */
	static final String ID = "nik-changes-ingest";

	private final EventVerifier signatures;

	private final NikChangedCodec codec;

	private final ReplicaCircuit replica;

	private final ReplicaFreshness freshness;

	private final IngestMetrics metrics;

	private final TopicProperties topics;

	private final DeadLettering deadLetters;

	NikChangesListener(EventVerifier signatures, NikChangedCodec codec, ReplicaCircuit replica,
			ReplicaFreshness freshness, IngestMetrics metrics, TopicProperties topics, DeadLettering deadLetters) {
		this.topics = topics;
		this.deadLetters = deadLetters;
		this.signatures = signatures;
		this.codec = codec;
		this.replica = replica;
		this.freshness = freshness;
		this.metrics = metrics;
	}

	@KafkaListener(id = ID, idIsGroup = false, topics = { "${niksync.topic.name}", "${niksync.topic.replay-name}" },
			batch = "true")
	void on(List<ConsumerRecord<String, byte[]>> records) {
		try {
			handle(records);
		}
		catch (BatchListenerFailedException ex) {
			throw ex;
		}
		catch (RuntimeException | Error thrown) {
			// Not one record's: the environment's, or the handling's own (metrics,
			// dead-lettering). An Error thrown out of the listener would stop the
			// container for good.
			throw new BatchFailed(UnexpectedError.of(thrown));
		}
	}

	private void handle(List<ConsumerRecord<String, byte[]>> records) {
		this.metrics.delivered(records.size());
		List<ReplicaRecord> changes = new ArrayList<>(records.size());
		List<Integer> positions = new ArrayList<>(records.size());
		List<Refused> refused = new ArrayList<>();
		for (int i = 0; i < records.size(); i++) {
			ConsumerRecord<String, byte[]> record = records.get(i);
			try {
				checkSignature(record);
				changes.add(EventMapper.toReplica(record.key(), this.codec.decode(record.value())));
				positions.add(i);
			}
			catch (RuntimeException | Error thrown) {
				// An Error too: escaping, it would stop the container for good.
				RuntimeException ex = UnexpectedError.of(thrown);
				if (ex instanceof UnexpectedError unexpected && unexpected.environmental()) {
					// an Error that would meet every record: the whole batch is retried,
					// with back-off, without end. Only an Error: an exception here is the
					// record's even when its cause is an IOException (Avro's EOF).
					throw ex;
				}
				// Checking, decoding and mapping touch nothing outside the record: what
				// fails here is the record's.
				if (FailureClassifier.reasonFor(ex) != DeadLetterReason.UNCLASSIFIED) {
					// A known kind (not signed, undecodable, breaks the contract) is
					// dead-lettered with the batch. Through the error handler, each one
					// had the rest of its partition delivered again: a burst of forged
					// records held a partition back half a second per record.
					refused.add(new Refused(i, record, ex));
					continue;
				}
				// Nobody anticipated it: the error handler's attempts, then the DLT.
				applyAndDeadLetter(changes, positions, refused);
				throw new RecordFailed(ex.getClass().getSimpleName(), ex, i);
			}
		}
		applyAndDeadLetter(changes, positions, refused);
	}

	/**
	 * Applies the good records, then dead-letters the refused ones; when a record fails
	 * to apply, only the refused records before it, whose offsets the error handler
	 * commits (the rest of the batch is delivered again).
	 */
	private void applyAndDeadLetter(List<ReplicaRecord> changes, List<Integer> positions, List<Refused> refused) {
		try {
			apply(changes, positions);
		}
		catch (BatchListenerFailedException ex) {
			deadLetter(refused, ex.getIndex());
			throw ex;
		}
		deadLetter(refused, Integer.MAX_VALUE);
	}

	private void deadLetter(List<Refused> refused, int before) {
		for (Refused record : refused) {
			if (record.index() < before) {
				this.deadLetters.send(record.record(), record.failure());
			}
		}
	}

	/**
	 * The key's bytes as they were on the wire: the consumer reads keys as ISO-8859-1,
	 * one character per byte ({@code key.deserializer.encoding} in application.yml).
	 */
	private void checkSignature(ConsumerRecord<String, byte[]> record) {
		checkSignature(this.signatures, this.topics.signedFor(record.topic()), record);
	}

	/**
	 * @param signedFor the topic the registry signs for, which the signature covers:
	 * {@code nik-changes} for a record read from it and for a replay alike
	 * @throws SignatureInvalidException unless the registry signed the record for that
	 * topic (for every path that reads what the registry published: ingestion, replays
	 * and rebuilds)
	 */
	static void checkSignature(EventVerifier signatures, String signedFor, ConsumerRecord<String, byte[]> record) {
		byte[] key = (record.key() != null) ? record.key().getBytes(StandardCharsets.ISO_8859_1) : null;
		EventVerifier.Outcome outcome = signatures.verify(signedFor, key, record.value(), record.headers());
		if (outcome != EventVerifier.Outcome.VALID) {
			throw new SignatureInvalidException(outcome);
		}
	}

	/**
	 * @param positions each change's index in the delivered batch
	 */
	private void apply(List<ReplicaRecord> changes, List<Integer> positions) {
		try {
			this.metrics.applied(this.replica.apply(changes));
			this.freshness.recordCommitted(changes);
		}
		catch (RuntimeException ex) {
			if (FailureClassifier.isEnvironmental(ex)) {
				throw ex;
			}
			applyOneByOne(changes, positions);
		}
	}

	/**
	 * The batch statement failed as a whole, not for the environment; find the record it
	 * failed for. Records before it are applied, each in its own transaction.
	 */
	private void applyOneByOne(List<ReplicaRecord> changes, List<Integer> positions) {
		for (int i = 0; i < changes.size(); i++) {
			try {
				this.metrics.applied(this.replica.apply(List.of(changes.get(i))));
				this.freshness.recordCommitted(List.of(changes.get(i)));
			}
			catch (RuntimeException ex) {
				if (FailureClassifier.isEnvironmental(ex)) {
					throw ex;
				}
				// The SQL state only: the server's detail text can quote the row, i.e.
				// personal data.
				throw new RecordFailed("Replica refused the record, SQL state " + sqlState(ex), ex, positions.get(i));
			}
		}
	}

	/**
	 * A record's own failure, at its index in the batch: the records before it are done;
	 * it gets the error handler's attempts for its kind (none for a kind known to be the
	 * record's), then the dead-letter topic; the records after it are delivered again.
	 */
	static final class RecordFailed extends BatchListenerFailedException {

		RecordFailed(String message, Throwable cause, int index) {
			super(message, cause, index);
		}

		/** Whether {@code ex} is one, or has one among its causes. */
		static boolean in(Throwable ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof RecordFailed) {
					return true;
				}
			}
			return false;
		}

	}

	/**
	 * A failure that is not one record's: the environment's (it would meet any record),
	 * or the batch's handling's own (a dead letter the broker refuses, a bug). The batch
	 * is delivered again from its first record, with back-off and without end (the
	 * breaker pauses consumption meanwhile if the replica is away); nothing is
	 * dead-lettered for it. Thrown as a failure at index 0, not as a plain exception:
	 * Spring Kafka retries a batch that failed with a plain exception as a whole, in a
	 * loop of its own, and when a record of it then failed for its own sake it handled
	 * the whole batch so, every record dead-lettered for one that the replica refused, or
	 * the batch retried for ever for one that failed in a way nobody anticipated.
	 * Delivered again, each record is handled on its own as usual. A class apart from
	 * {@link RecordFailed}: the error handler starts a record's attempts afresh when the
	 * class of its failure changes, so that a record that waited out an outage at the
	 * head of its batch still gets its few attempts, not the outage's endless ones.
	 */
	static final class BatchFailed extends BatchListenerFailedException {

		BatchFailed(RuntimeException cause) {
			super("The batch failed, not one record (" + cause.getClass().getSimpleName() + "); it is delivered again",
					cause, 0);
		}

	}

	/** A record refused before it was applied, at its index in the batch. */
	private record Refused(int index, ConsumerRecord<String, byte[]> record, RuntimeException failure) {
	}

	private static String sqlState(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.sql.SQLException sql) {
				return sql.getSQLState();
			}
		}
		return "none (" + ex.getClass().getSimpleName() + ")";
	}

}
