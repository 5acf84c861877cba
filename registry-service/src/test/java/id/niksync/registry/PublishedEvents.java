package id.niksync.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.signing.EventVerifier;
import id.niksync.testsupport.TestEventSigning;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reads what the relay published on {@code nik-changes}, decoded, for assertions. Every
 * record read must carry a valid signature by the test key the registry is configured
 * with.
 */
public final class PublishedEvents {

	private PublishedEvents() {
	}

	/** The events of one NIK in topic order, once at least {@code expected} arrived. */
	public static List<NikChanged> of(EmbeddedKafkaBroker broker, String nik, int expected) {
		List<NikChanged> events = new ArrayList<>();
		read(broker, "test-" + nik, nik::equals, (key, event) -> events.add(event), () -> events.size() >= expected);
		return events;
	}

	/** The last event of each of {@code niks}, once every one of them has one. */
	public static Map<String, NikChanged> lastOf(EmbeddedKafkaBroker broker, List<String> niks) {
		Map<String, NikChanged> events = new HashMap<>();
		read(broker, "test-" + niks.get(0) + "-" + niks.size(), niks::contains, events::put,
				() -> events.keySet().containsAll(niks));
		return events;
	}

	/**
	 * Every event published for {@code niks}, once none of their rows is left in the
	 * outbox (the relay removes the rows it published).
	 */
	public static List<NikChanged> allOf(JdbcClient jdbc, EmbeddedKafkaBroker broker, Collection<String> niks) {
		awaitNoneLeft(jdbc, niks.size() + " NIK(s)", "nik = ANY(?)", niks.toArray(String[]::new));
		return upToNow(broker, Set.copyOf(niks)::contains);
	}

	/**
	 * Every event published for the NIKs starting with {@code prefix}, once none of their
	 * rows is left in the outbox.
	 */
	public static List<NikChanged> allOf(JdbcClient jdbc, EmbeddedKafkaBroker broker, String prefix) {
		awaitNoneLeft(jdbc, prefix, "nik LIKE ?", prefix + "%");
		return upToNow(broker, (nik) -> nik.startsWith(prefix));
	}

	/** Until no outbox row matches {@code condition}: the relay published them all. */
	private static void awaitNoneLeft(JdbcClient jdbc, String what, String condition, Object param) {
		await().atMost(Duration.ofSeconds(60))
			.alias("every outbox row of " + what + " published")
			.until(() -> jdbc.sql("SELECT count(*) FROM outbox WHERE " + condition)
				.param(param)
				.query(Long.class)
				.single() == 0);
	}

	/**
	 * Every event on the topic so far whose key {@code wanted} accepts, partition by
	 * partition in topic order: what the relay published, now that published rows have
	 * left the outbox. Read up to the end offsets when called, so wait for the outbox to
	 * be empty first.
	 */
	public static List<NikChanged> upToNow(EmbeddedKafkaBroker broker, Predicate<String> wanted) {
		NikChangedCodec codec = new NikChangedCodec();
		EventVerifier verifier = TestEventSigning.verifier();
		Map<String, Object> props = KafkaTestUtils.consumerProps("unused", "false", broker);
		props.remove("group.id");
		props.put("isolation.level", "read_committed");
		List<NikChanged> events = new ArrayList<>();
		try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			List<TopicPartition> partitions = consumer.partitionsFor("nik-changes")
				.stream()
				.map((p) -> new TopicPartition("nik-changes", p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = settledEnds(consumer, props, partitions);
			await().atMost(Duration.ofSeconds(20)).alias("read to the end offsets").until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.key() != null && wanted.test(record.key())) {
						events.add(verified(verifier, codec, record));
					}
				}
				return partitions.stream().allMatch((p) -> consumer.position(p) >= ends.get(p));
			});
		}
		return events;
	}

	/**
	 * The read_committed end offsets once no transaction is open on them: the relay
	 * removes its outbox rows after its commit returns, and the commit returns before the
	 * markers are on every partition, so ends read right then can stop short of the last
	 * transaction (CI read 957 of 1,000 so).
	 */
	private static Map<TopicPartition, Long> settledEnds(Consumer<String, byte[]> committed, Map<String, Object> props,
			List<TopicPartition> partitions) {
		Map<String, Object> uncommittedProps = new HashMap<>(props);
		uncommittedProps.put("isolation.level", "read_uncommitted");
		try (Consumer<String, byte[]> uncommitted = new DefaultKafkaConsumerFactory<>(uncommittedProps,
				new StringDeserializer(), new ByteArrayDeserializer())
			.createConsumer()) {
			return await().atMost(Duration.ofSeconds(20))
				.alias("no transaction open on nik-changes")
				.until(() -> committed.endOffsets(partitions),
						(ends) -> ends.equals(uncommitted.endOffsets(partitions)));
		}
	}

	private static void read(EmbeddedKafkaBroker broker, String group, Predicate<String> wanted,
			java.util.function.BiConsumer<String, NikChanged> sink, BooleanSupplier done) {
		NikChangedCodec codec = new NikChangedCodec();
		EventVerifier verifier = TestEventSigning.verifier();
		Map<String, Object> props = KafkaTestUtils.consumerProps(group, "false", broker);
		props.put("auto.offset.reset", "earliest");
		// As partner-sync reads: the relay publishes in transactions.
		props.put("isolation.level", "read_committed");
		try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			consumer.subscribe(List.of("nik-changes"));
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (wanted.test(record.key())) {
						sink.accept(record.key(), verified(verifier, codec, record));
					}
				}
				return done.getAsBoolean();
			});
		}
	}

	/** The record's event, once its signature is asserted valid under the test key. */
	private static NikChanged verified(EventVerifier verifier, NikChangedCodec codec,
			ConsumerRecord<String, byte[]> record) {
		assertThat(verifier.verify(record.topic(), record.key().getBytes(StandardCharsets.UTF_8), record.value(),
				record.headers()))
			.as("signature of %s@%d", record.topic(), record.offset())
			.isEqualTo(EventVerifier.Outcome.VALID);
		return codec.decode(record.value());
	}

}
