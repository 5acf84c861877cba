package id.niksync.sync.ingest;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.testsupport.Residents;
import id.niksync.testsupport.TestEventSigning;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two partner-sync instances in one consumer group, one in this JVM and one in a JVM of
 * its own that is killed ({@code kill -9}: no commit, no LeaveGroup), against one KRaft
 * broker and one replica database, while changes keep arriving. Prints the seconds
 * measured (README, "Failover"); asserts only that they are far below the 45 s of Kafka's
 * default session timeout. Settings given as system properties
 * ({@code -Dspring.kafka.consumer.properties.session.timeout.ms=…},
 * {@code -Dniksync.ingest.static-membership=true}) reach both instances, to measure other
 * choices.
 */
@EmbeddedKafka(kraft = true, partitions = 6, topics = { "nik-changes", "nik-changes-dlt" })
class FailoverIntegrationTests {

	private static final String TOPIC = "nik-changes";

	private static final int PARTITIONS = 6;

	private static final Duration WITHIN = Duration.ofSeconds(20);

	private static final Duration START = Duration.ofSeconds(180);

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void stopAll() throws InterruptedException {
		for (Process process : this.processes) {
			process.destroyForcibly().waitFor();
		}
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void killedInstancesPartitionsResumeWithinSecondsOnARestartedOneOrTheOtherAndNothingIsLost(
			EmbeddedKafkaBroker broker) throws Exception {
		String database = EmbeddedPostgres.newDatabase();
		ConfigurableApplicationContext a = inThisJvm(broker, database, "a", "partner-sync");
		JdbcClient replica = a.getBean(JdbcClient.class);
		assertThat(ingestion(a).getGroupId()).isEqualTo("partner-sync");
		try (Admin admin = admin(broker); Changes changes = new Changes(broker, 1)) {
			inItsOwnJvm(broker, database, "b", "failover-b");
			// Both get partitions.
			await().atMost(START)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> split(admin, ingestion(a), "failover-b"));
			Set<Integer> ofB = owned(admin, (m) -> m.clientId().startsWith("failover-b"));
			// A static member that comes back keeps its client id, under a new member id.
			Set<String> gone = members(admin, (m) -> m.clientId().startsWith("failover-b"));
			Predicate<MemberDescription> restarted = (m) -> !m.clientId().startsWith("failover-a")
					&& !gone.contains(m.consumerId());
			System.out.printf("FAILOVER settings: %s%n", settings(a));
			System.out.printf("FAILOVER split: a %s, b %s%n", partitions(ingestion(a).getAssignedPartitions()), ofB);

			// kill -9, restarted at once under the same instance id
			changes.awaitSent(changes.sent() + 50);
			long killed = System.nanoTime();
			this.processes.remove(0).destroyForcibly().waitFor();
			inItsOwnJvm(broker, database, "b", "failover-b2");
			Duration restartIdle = changes.awaitResumed(ofB, killed, replica);
			await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> !owned(admin, restarted).isEmpty());
			System.out.printf(
					"FAILOVER kill -9 and restart: partitions %s of the killed instance idle %.1f s;"
							+ " the restarted instance had partitions again after %.1f s%n",
					ofB, seconds(restartIdle), seconds(since(killed)));

			// kill -9, not restarted: its partitions move to the other instance
			await().atMost(WITHIN)
				.until(() -> owned(admin, restarted).size()
						+ partitions(ingestion(a).getAssignedPartitions()).size() == PARTITIONS);
			Set<Integer> ofB2 = owned(admin, restarted);
			changes.awaitSent(changes.sent() + 50);
			killed = System.nanoTime();
			this.processes.remove(0).destroyForcibly().waitFor();
			Duration moveIdle = changes.awaitResumed(ofB2, killed, replica);
			await().atMost(WITHIN).until(() -> partitions(ingestion(a).getAssignedPartitions()).size() == PARTITIONS);
			System.out.printf("FAILOVER kill -9: partitions %s of the killed instance idle %.1f s, all on the other"
					+ " instance after %.1f s%n", ofB2, seconds(moveIdle), seconds(since(killed)));

			assertThat(restartIdle).isLessThan(WITHIN);
			assertThat(moveIdle).isLessThan(WITHIN);
			changes.awaitSent(changes.sent() + 50);
			changes.close();

			// Nothing produced during the switches is lost: every NIK at its last
			// version.
			Map<String, Long> sent = changes.latest();
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(onReplica(replica, sent.keySet())).isEqualTo(sent));
			System.out.printf("FAILOVER %d changes of %d NIKs all on the replica%n", changes.count(), sent.size());
		}
	}

	/**
	 * The group used to be the listener id. Offsets it committed are taken over once, so
	 * what the previous version applied is not consumed again from the earliest offset.
	 */
	@Test
	void aGroupWithoutOffsetsStartsWhereTheGroupNamedAfterTheListenerLeftOff(EmbeddedKafkaBroker broker)
			throws Exception {
		String group = "partner-sync-upgraded";
		Map<String, Long> applied;
		try (Admin admin = admin(broker); Changes before = new Changes(broker, 9000)) {
			before.awaitSent(30);
			before.close();
			applied = before.latest();
			Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
			admin
				.listOffsets(java.util.stream.IntStream.range(0, PARTITIONS)
					.boxed()
					.collect(Collectors.toMap((p) -> new TopicPartition(TOPIC, p), (p) -> OffsetSpec.latest())))
				.all()
				.get()
				.forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
			admin.alterConsumerGroupOffsets(PreviousGroupOffsets.PREVIOUS_GROUP, ends).all().get();

			ConfigurableApplicationContext upgraded = inThisJvm(broker, EmbeddedPostgres.newDatabase(), "upgraded",
					group);
			JdbcClient replica = upgraded.getBean(JdbcClient.class);
			try (Changes after = new Changes(broker, 9500)) {
				after.awaitSent(5);
				after.close();
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(
							() -> assertThat(onReplica(replica, after.latest().keySet())).isEqualTo(after.latest()));
			}
			assertThat(onReplica(replica, applied.keySet())).isEmpty();
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			ends.forEach((tp, end) -> assertThat(committed.get(tp).offset()).isGreaterThanOrEqualTo(end.offset()));
		}
	}

	private ConfigurableApplicationContext inThisJvm(EmbeddedKafkaBroker broker, String database, String instance,
			String group) {
		List<String> args = new ArrayList<>(args(broker, database, instance, "failover-" + instance));
		args.add("--spring.kafka.consumer.group-id=" + group);
		// Each instance here has a database of its own, empty, while the group has
		// consumed: a wiped replica, which would rebuild itself from the topic. What is
		// tested here is the group's offsets, so no rebuild.
		args.add("--niksync.rebuild.auto=false");
		ConfigurableApplicationContext context = FailoverInstance.start(args.toArray(String[]::new));
		this.contexts.add(context);
		return context;
	}

	private void inItsOwnJvm(EmbeddedKafkaBroker broker, String database, String instance, String clientId)
			throws Exception {
		List<String> command = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				FailoverInstance.class.getName()));
		command.addAll(args(broker, database, instance, clientId));
		// what this JVM was given to measure other settings, the other instance gets too
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith("spring.kafka.") || name.startsWith("niksync."))
			.forEach((name) -> command.add("--" + name + "=" + System.getProperty(name)));
		File log = new File("target/" + clientId + ".log");
		this.processes.add(0, new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start());
	}

	private static List<String> args(EmbeddedKafkaBroker broker, String database, String instance, String clientId) {
		return List.of("--server.port=0", "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
				"--niksync.topic.partitions=" + PARTITIONS, "--niksync.ingest.instance-id=" + instance,
				"--spring.kafka.consumer.client-id=" + clientId, "--spring.datasource.url=" + database,
				"--spring.datasource.username=" + EmbeddedPostgres.APP.name(),
				"--spring.datasource.password=" + EmbeddedPostgres.APP.password(),
				"--spring.flyway.user=" + EmbeddedPostgres.OWNER.name(),
				"--spring.flyway.password=" + EmbeddedPostgres.OWNER.password());
	}

	private static MessageListenerContainer ingestion(ConfigurableApplicationContext context) {
		return context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(NikChangesListener.ID);
	}

	private static Map<String, Object> settings(ConfigurableApplicationContext context) {
		Map<String, Object> config = context.getBean(org.springframework.kafka.core.ConsumerFactory.class)
			.getConfigurationProperties();
		Map<String, Object> shown = new HashMap<>();
		for (String key : List.of("group.id", "group.instance.id", "session.timeout.ms", "heartbeat.interval.ms")) {
			shown.put(key, config.get(key));
		}
		return shown;
	}

	private static Admin admin(EmbeddedKafkaBroker broker) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
	}

	/** Both instances have partitions, and every partition has an owner. */
	private static boolean split(Admin admin, MessageListenerContainer local, String remoteClient) throws Exception {
		Set<Integer> remote = owned(admin, (m) -> m.clientId().startsWith(remoteClient));
		Set<Integer> here = partitions(local.getAssignedPartitions());
		Set<Integer> all = new HashSet<>(remote);
		all.addAll(here);
		return !remote.isEmpty() && !here.isEmpty() && all.size() == PARTITIONS;
	}

	private static Set<String> members(Admin admin, Predicate<MemberDescription> members) throws Exception {
		return group(admin).stream().filter(members).map(MemberDescription::consumerId).collect(Collectors.toSet());
	}

	private static Collection<MemberDescription> group(Admin admin) throws Exception {
		return admin.describeConsumerGroups(List.of("partner-sync"))
			.all()
			.get(10, TimeUnit.SECONDS)
			.get("partner-sync")
			.members();
	}

	private static Set<Integer> owned(Admin admin, Predicate<MemberDescription> members) throws Exception {
		return group(admin).stream()
			.filter(members)
			.flatMap((m) -> m.assignment().topicPartitions().stream())
			.filter((tp) -> tp.topic().equals(TOPIC))
			.map(TopicPartition::partition)
			.collect(Collectors.toCollection(java.util.TreeSet::new));
	}

	private static Set<Integer> partitions(Collection<TopicPartition> assigned) {
		return (assigned == null) ? Set.of()
				: assigned.stream()
					.filter((tp) -> tp.topic().equals(TOPIC))
					.map(TopicPartition::partition)
					.collect(Collectors.toCollection(java.util.TreeSet::new));
	}

	private static Map<String, Long> onReplica(JdbcClient replica, Collection<String> niks) {
		Map<String, Long> versions = new HashMap<>();
		replica.sql("SELECT nik, version FROM replica_resident WHERE nik = ANY(?)")
			.param(niks.toArray(String[]::new))
			.query((rs, row) -> versions.put(rs.getString(1), rs.getLong(2)))
			.list();
		return versions;
	}

	private static Duration since(long nanos) {
		return Duration.ofNanos(System.nanoTime() - nanos);
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	/**
	 * Changes as the registry's relay sends them, acknowledged one by one, about 50 a
	 * second: every other one a new NIK at version 1, the others its version 2.
	 */
	private static final class Changes implements AutoCloseable {

		private final NikChangedCodec codec = new NikChangedCodec();

		private final KafkaProducer<String, byte[]> producer;

		private final List<Sent> sent = new CopyOnWriteArrayList<>();

		private final Thread thread;

		private volatile boolean running = true;

		Changes(EmbeddedKafkaBroker broker, int firstSerial) {
			this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
					broker.getBrokersAsString(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
					new ByteArraySerializer());
			this.thread = new Thread(() -> run(firstSerial), "failover-changes");
			this.thread.start();
		}

		private void run(int firstSerial) {
			for (int n = 0; this.running; n++) {
				String nik = "351101450690" + String.format("%04d", firstSerial + n / 2);
				long version = 1 + n % 2;
				try {
					RecordMetadata acked = this.producer
						.send(TestEventSigning
							.signed(new ProducerRecord<>(TOPIC, nik, this.codec.encode(Residents.event(nik, version)))))
						.get();
					this.sent.add(new Sent(nik, version, acked.partition(), System.nanoTime()));
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
		}

		int sent() {
			return this.sent.size();
		}

		int count() {
			return this.sent.size();
		}

		void awaitSent(int count) {
			await().atMost(Duration.ofSeconds(60)).until(() -> this.sent.size() >= count);
		}

		Map<String, Long> latest() {
			return this.sent.stream().collect(Collectors.toMap(Sent::nik, Sent::version, Math::max));
		}

		/**
		 * For each partition, how long after {@code since} the first change sent to it
		 * after then was on the replica; the longest of them.
		 */
		Duration awaitResumed(Set<Integer> partitions, long since, JdbcClient replica) {
			Map<Integer, Duration> resumed = new HashMap<>();
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
				for (int partition : partitions) {
					if (resumed.containsKey(partition)) {
						continue;
					}
					Sent first = this.sent.stream()
						.filter((s) -> s.partition() == partition && s.at() > since)
						.findFirst()
						.orElse(null);
					if (first != null) {
						Long version = onReplica(replica, List.of(first.nik())).get(first.nik());
						if (version != null && version >= first.version()) {
							resumed.put(partition, since(since));
						}
					}
				}
				return resumed.size() == partitions.size();
			});
			System.out.printf("FAILOVER resumed per partition: %s%n",
					resumed.entrySet()
						.stream()
						.map((e) -> e.getKey() + "=" + seconds(e.getValue()) + "s")
						.collect(Collectors.joining(", ")));
			return resumed.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
		}

		@Override
		public void close() throws InterruptedException {
			this.running = false;
			this.thread.join();
			this.producer.close();
		}

		private record Sent(String nik, long version, int partition, long at) {
		}

	}

}
