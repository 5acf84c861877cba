package id.niksync.sync.deadletter;

import id.niksync.sync.system.UnexpectedError;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Moves every record of the dead-letter topic into the dead-letter store. */
@Component
class DeadLetterListener {

	static final String ID = "nik-changes-dlt-store";

	private final DeadLetterStore store;

	DeadLetterListener(DeadLetterStore store) {
		this.store = store;
	}

	/**
	 * Read uncommitted: partner-sync's letters are sent outside transactions, and a
	 * transaction someone else left open on the topic held every letter after it unseen,
	 * no letter listed and the verdict OK, until the broker ended it (up to 15 min;
	 * attack run 2026-12-06). One record a poll: a letter decompresses to what its writer
	 * chose (50 MB of zeros are a few kilobytes on the topic), so a poll holds one at a
	 * time.
	 */
	@KafkaListener(id = ID, topics = "${niksync.topic.dead-letter-name}", groupId = "partner-sync-dlt-store",
			containerFactory = DeadLetterConfiguration.CONTAINER_FACTORY, batch = "false",
			properties = { "isolation.level=read_uncommitted", "max.poll.records=1" })
	void on(ConsumerRecord<String, byte[]> record) {
		try {
			this.store.record(record);
		}
		catch (Error ex) {
			// Escaping, it would stop the container for good; as an exception, the error
			// handler retries the record without end, as for any failure here.
			throw UnexpectedError.of(ex);
		}
	}

}
