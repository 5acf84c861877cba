package id.niksync.registry.outbox;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;

/**
 * The relay's Kafka clients, from the standard {@code spring.kafka.*} properties (broker
 * addresses, TLS, the producer's settings): a transactional producer, its id the same on
 * every registry instance ({@code niksync.outbox.transactional-id}) so that a new leader
 * fences the one before, and a reader of the topic's end that sees committed records
 * only.
 */
@Component
class RelayClients {

	private final Map<String, Object> producer;

	private final Map<String, Object> tailReader;

	RelayClients(KafkaProperties kafka, ObjectProvider<SslBundles> sslBundles, OutboxProperties settings) {
		SslBundles bundles = sslBundles.getIfAvailable();
		this.producer = new HashMap<>(kafka.buildProducerProperties(bundles));
		this.producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		this.producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		this.producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		this.producer.put(ProducerConfig.ACKS_CONFIG, "all");
		this.producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
		this.producer.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "registry-outbox-relay");
		this.tailReader = new HashMap<>(kafka.buildConsumerProperties(bundles));
		this.tailReader.remove(ConsumerConfig.GROUP_ID_CONFIG);
		this.tailReader.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.tailReader.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.tailReader.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		this.tailReader.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.tailReader.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		this.tailReader.put(ConsumerConfig.CLIENT_ID_CONFIG, "registry-outbox-relay-tail");
	}

	Producer<String, byte[]> producer() {
		return new KafkaProducer<>(this.producer);
	}

	Consumer<byte[], byte[]> tailReader() {
		return new KafkaConsumer<>(this.tailReader);
	}

}
