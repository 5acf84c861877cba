package id.niksync.sync;

import java.util.Map;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * A transactional producer of someone else's, as whoever may write a topic can open one
 * and leave it open: the broker ends it only after its transaction timeout (here 5 min,
 * longer than any test waits).
 */
public final class ForeignTransactions {

	private ForeignTransactions() {
	}

	/** A producer with a transactional id of its own, transactions initialised. */
	public static Producer<String, byte[]> producer(EmbeddedKafkaBroker broker) {
		Map<String, Object> props = KafkaTestUtils.producerProps(broker);
		props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "left-open-" + System.nanoTime());
		props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 300_000);
		return new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new ByteArraySerializer())
			.createProducer();
	}

}
