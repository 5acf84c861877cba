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

	@KafkaListener(id = ID, topics = "${niksync.topic.dead-letter-name}", groupId = "partner-sync-dlt-store",
			containerFactory = DeadLetterConfiguration.CONTAINER_FACTORY, batch = "false")
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
