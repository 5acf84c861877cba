package id.niksync.registry.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.schemas.signing.EventSigner;
import id.niksync.testsupport.Residents;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The relay across leaders (one registry instance after another, or one after a batch
 * whose fate it did not know), against a real broker and PostgreSQL: what the previous
 * leader published is not sent again, a previous leader still sending is fenced, and only
 * the instance holding the lead publishes.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class OutboxRelayTakeOverIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	OutboxRelay relay;

	@Autowired
	OutboxProperties settings;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	RelayClients clients;

	@Autowired
	TopicProperties topic;

	@Autowired
	EventSigner signer;

	@Test
	void aNewLeaderRemovesWhatThePreviousOnePublishedInsteadOfSendingItAgain() {
		List<Long> ids = new ArrayList<>();
		List<Map<String, Object>> rows;
		this.relay.stop();
		try {
			for (String nik : List.of("3511094506900201", "3511094506900202", "3511094506900203")) {
				ids.add(create(nik));
			}
			rows = this.jdbc.sql(
					"SELECT id, event_id, nik, version, change_type, payload, occurred_at FROM outbox WHERE id IN (:ids)")
				.param("ids", ids)
				.query()
				.listOfRows();
		}
		finally {
			this.relay.start();
		}
		assertThat(rows).hasSize(3);
		awaitNothingPending();
		this.relay.stop();
		try {
			// As if the last leader's batch committed on Kafka and the leader died before
			// it removed the rows.
			for (Map<String, Object> row : rows) {
				this.jdbc
					.sql("INSERT INTO outbox (id, event_id, nik, version, change_type, payload, occurred_at)"
							+ " VALUES (:id, :event_id, :nik, :version, :change_type, :payload, :occurred_at)")
					.params(row)
					.update();
			}
			this.jdbc.sql("UPDATE outbox_relay_stats SET published_total = published_total - ?")
				.param(rows.size())
				.update();
			ids.add(create("3511094506900204"));
		}
		finally {
			this.relay.start();
		}
		awaitNothingPending();

		Map<Long, Integer> copies = copiesOnTopic("3511094506900201", "3511094506900202", "3511094506900203",
				"3511094506900204");
		assertThat(copies).containsOnlyKeys(ids);
		assertThat(copies.values()).as("every row on the topic exactly once").containsOnly(1);
	}

	/**
	 * A record that names a pending row by its id but is not that row's copy (a forgery
	 * by whoever may write the topic, or a record from before a restore that handed the
	 * id out again) leaves the row pending: the new leader publishes it.
	 */
	@Test
	void aNewLeaderKeepsAPendingRowThatARecordOnlyNamesByItsId() throws Exception {
		String nik = "3511094506900205";
		long id;
		long publishedBefore;
		this.relay.stop();
		try (KafkaProducer<String, byte[]> other = new KafkaProducer<>(
				Map.of("bootstrap.servers", this.broker.getBrokersAsString()), new StringSerializer(),
				new ByteArraySerializer())) {
			id = create(nik);
			publishedBefore = publishedTotal();
			ProducerRecord<String, byte[]> namesTheRow = new ProducerRecord<>("nik-changes", nik,
					"not the row's payload".getBytes());
			namesTheRow.headers().add(PublishedTail.OUTBOX_ID, PublishedTail.header(id));
			other.send(namesTheRow).get();
		}
		finally {
			this.relay.start();
		}
		awaitNothingPending();

		assertThat(copiesOnTopic(nik)).as("the record naming it, then the row itself").containsEntry(id, 2);
		assertThat(publishedTotal()).isEqualTo(publishedBefore + 1);
	}

	/**
	 * The lead's session asks the server for keepalives of seconds: a leader whose host
	 * dies or drops off the network without closing its socket is dropped, and the lock
	 * freed, about 11 s later, not after the system's two hours.
	 */
	@Test
	void theLeadsSessionIsDroppedSecondsAfterItsHostFallsSilent() throws Exception {
		List<Connection> handedOut = new ArrayList<>();
		DataSource recording = new DelegatingDataSource(this.dataSource) {
			@Override
			public Connection getConnection() throws SQLException {
				Connection connection = super.getConnection();
				handedOut.add(connection);
				return connection;
			}
		};
		this.relay.stop();
		RelayLeadership leadership = new RelayLeadership(recording);
		try {
			assertThat(leadership.lead()).isPositive();
			Map<String, String> settings = new HashMap<>();
			try (Statement statement = handedOut.get(handedOut.size() - 1).createStatement();
					ResultSet result = statement.executeQuery("SELECT name, setting FROM pg_settings"
							+ " WHERE name IN ('tcp_keepalives_idle', 'tcp_keepalives_interval',"
							+ " 'tcp_keepalives_count', 'tcp_user_timeout')")) {
				while (result.next()) {
					settings.put(result.getString(1), result.getString(2));
				}
			}
			assertThat(settings).contains(Map.entry("tcp_keepalives_idle", "5"),
					Map.entry("tcp_keepalives_interval", "2"), Map.entry("tcp_keepalives_count", "3"));
			if (System.getProperty("os.name").startsWith("Linux")) {
				// a server elsewhere has no TCP_USER_TIMEOUT and reads 0
				assertThat(settings).containsEntry("tcp_user_timeout", "10000");
			}
		}
		finally {
			leadership.close();
			this.relay.start();
		}
	}

	@Test
	void aNewLeaderFencesAPreviousLeaderThatIsStillSending() {
		create("3511094506900301");
		awaitNothingPending();
		this.relay.stop();
		KafkaProducer<String, byte[]> zombie = new KafkaProducer<>(Map.of("bootstrap.servers",
				this.broker.getBrokersAsString(), "transactional.id", this.settings.transactionalId()),
				new StringSerializer(), new ByteArraySerializer());
		long id;
		try {
			zombie.initTransactions();
			zombie.beginTransaction();
			zombie.send(
					new ProducerRecord<>("nik-changes", "3511094506900399", "from a leader presumed dead".getBytes()));
			zombie.flush();
			this.relay.start();
			id = create("3511094506900302");
			awaitNothingPending();

			assertThat(catchThrowable(zombie::commitTransaction)).as("the old leader's commit")
				.isInstanceOf(KafkaException.class);
		}
		finally {
			zombie.close(Duration.ZERO);
		}
		assertThat(copiesOnTopic("3511094506900399", "3511094506900302")).as("records of 399 and 302 by outbox id")
			.containsOnlyKeys(id);
	}

	@Test
	void onlyTheInstanceHoldingTheLeadPublishes() throws Exception {
		this.relay.stop();
		long id;
		try (Connection otherInstance = this.dataSource.getConnection()) {
			try {
				lock(otherInstance, "SELECT pg_advisory_lock(?)");
				this.relay.start();
				id = create("3511094506900401");
				// Other tests' background work may add rows of its own meanwhile:
				// only this NIK's row is watched.
				await().during(Duration.ofSeconds(2))
					.atMost(Duration.ofSeconds(5))
					.until(() -> pendingIds().contains(id));
			}
			finally {
				lock(otherInstance, "SELECT pg_advisory_unlock(?)");
			}
		}
		awaitNothingPending();
		assertThat(copiesOnTopic("3511094506900401")).containsOnlyKeys(id);
	}

	@Test
	void anErrorInOneAttemptIsRetriedAndTheRelayGoesOn() {
		// the first batch's signing fails with what no catch of the relay names
		EventSigner failingOnce = Mockito.spy(this.signer);
		Mockito.doThrow(new StackOverflowError()).doCallRealMethod().when(failingOnce).signTogether(Mockito.any());
		OutboxRelay relay = new OutboxRelay(this.jdbc, this.clients, this.dataSource, this.topic, failingOnce,
				this.settings, new SimpleMeterRegistry());
		this.relay.stop();
		long id;
		try {
			relay.start();
			id = create("3511094506900961");
			// before: the Error ended the relay's thread and the row stayed pending
			awaitNothingPending();
		}
		finally {
			relay.stop();
			this.relay.start();
		}
		Mockito.verify(failingOnce, Mockito.atLeast(2)).signTogether(Mockito.any());
		assertThat(copiesOnTopic("3511094506900961")).containsOnlyKeys(id).containsValue(1);
	}

	@Test
	@SuppressWarnings("unchecked")
	void anErrorWhileTakingOverClosesThatProducerAndTheNextTakeOverPublishes() {
		// the first producer's initTransactions fails with what no catch of the relay
		// names; every producer is watched for its close
		List<Boolean> closed = new ArrayList<>();
		RelayClients clients = Mockito.spy(this.clients);
		Mockito.doAnswer((made) -> {
			Producer<String, byte[]> real = (Producer<String, byte[]>) made.callRealMethod();
			int index;
			synchronized (closed) {
				index = closed.size();
				closed.add(false);
			}
			return Proxy.newProxyInstance(Producer.class.getClassLoader(), new Class<?>[] { Producer.class },
					(proxy, method, args) -> {
						if (method.getName().equals("close")) {
							synchronized (closed) {
								closed.set(index, true);
							}
						}
						if (index == 0 && method.getName().equals("initTransactions")) {
							throw new NoClassDefFoundError("a class that failed to load");
						}
						try {
							return method.invoke(real, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}).when(clients).producer();
		OutboxRelay relay = new OutboxRelay(this.jdbc, clients, this.dataSource, this.topic, this.signer, this.settings,
				new SimpleMeterRegistry());
		this.relay.stop();
		long id;
		try {
			relay.start();
			id = create("3511094506900962");
			awaitNothingPending();
		}
		finally {
			relay.stop();
			this.relay.start();
		}
		synchronized (closed) {
			// before: the first producer, never handed over, was never closed (its
			// threads and sockets stayed, one more with every failed attempt)
			assertThat(closed).hasSizeGreaterThanOrEqualTo(2).containsOnly(true);
		}
		assertThat(copiesOnTopic("3511094506900962")).containsOnlyKeys(id).containsValue(1);
	}

	private static void lock(Connection connection, String sql) throws Exception {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, RelayLeadership.LOCK);
			statement.execute();
		}
	}

	/**
	 * @return its changeSeq, the outbox row's id
	 */
	private long create(String nik) {
		ResponseEntity<JsonNode> created = this.http.postForEntity("/api/v1/residents", Residents.siti(nik).toMap(),
				JsonNode.class);
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		return created.getBody().get("changeSeq").asLong();
	}

	private long publishedTotal() {
		return this.jdbc.sql("SELECT published_total FROM outbox_relay_stats").query(Long.class).single();
	}

	private long pending() {
		return this.jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single();
	}

	private List<Long> pendingIds() {
		return this.jdbc.sql("SELECT id FROM outbox").query(Long.class).list();
	}

	private void awaitNothingPending() {
		await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0);
	}

	/**
	 * How many times each outbox row of {@code niks} is on the topic, as a consumer
	 * reading committed records sees it (a record without the id header counts under -1).
	 */
	private Map<Long, Integer> copiesOnTopic(String... niks) {
		List<String> wanted = List.of(niks);
		Map<String, Object> props = KafkaTestUtils.consumerProps("unused", "false", this.broker);
		props.remove("group.id");
		props.put("isolation.level", "read_committed");
		Map<Long, Integer> copies = new HashMap<>();
		try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			List<TopicPartition> partitions = new ArrayList<>();
			consumer.partitionsFor("nik-changes")
				.forEach((p) -> partitions.add(new TopicPartition("nik-changes", p.partition())));
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < ends.get(p))
					&& System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (wanted.contains(record.key())) {
						Header id = record.headers().lastHeader(PublishedTail.OUTBOX_ID);
						long outboxId = (id != null) ? ByteBuffer.wrap(id.value()).getLong() : -1;
						copies.merge(outboxId, 1, Integer::sum);
					}
				}
			}
		}
		return copies;
	}

}
