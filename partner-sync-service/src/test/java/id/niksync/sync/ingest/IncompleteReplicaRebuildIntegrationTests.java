package id.niksync.sync.ingest;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.sync.RegistryStub;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.reconcile.ReplicaCompleteness;
import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.testsupport.Residents;
import id.niksync.testsupport.TestEventSigning;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The automatic rebuild for a replica short of the registry's residents
 * ({@code REPLICA_INCOMPLETE}), against a registry that answers the count: a replica
 * catching up on a backlog is not rebuilt (the records waiting count as held; before
 * 04e8f13 they were read after the count, and the benchmark's catch-up had a rebuild of
 * the whole topic start beside it), a replica left short with nothing waiting is, and
 * gets back what it lacked. Real broker, real PostgreSQL; the registry a stub.
 */
@SyncIntegrationTest
// a context of its own (the registry stub's address): closed after, not cached with its
// pools
@DirtiesContext
// the rebuilder and the status look every second instead of every 5 s
@TestPropertySource(properties = { "niksync.rebuild.check-interval=1s", "niksync.lag.sample-interval=1s" })
class IncompleteReplicaRebuildIntegrationTests {

	private static final String COUNTRY = "/internal/digests?prefix=";

	private static final RegistryStub registry = RegistryStub.start();

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestRestTemplate http;

	@Autowired
	ReplicaCompleteness completeness;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Value("${spring.datasource.url}")
	String url;

	private final NikChangedCodec codec = new NikChangedCodec();

	private KafkaTemplate<String, byte[]> template;

	@DynamicPropertySource
	static void registry(DynamicPropertyRegistry properties) {
		properties.add("niksync.registry.base-url", registry::baseUrl);
		properties.add("niksync.registry.username", () -> "partner-sync");
		properties.add("niksync.registry.password", () -> "service-password");
	}

	@AfterAll
	static void stopRegistry() {
		registry.close();
	}

	@Test
	void aReplicaCatchingUpIsLeftAloneAndOneLeftShortIsRebuilt() throws Exception {
		for (int i = 0; i < 200; i++) {
			publish(Residents.event(nik(i), 1));
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> onReplica() == 200);

		// Ingestion paused, 300 more published: the registry holds 500, the replica 200,
		// and 300 records wait on the topic.
		MessageListenerContainer ingest = this.listeners.getListenerContainer(NikChangesListener.ID);
		ingest.pause();
		await().atMost(Duration.ofSeconds(30)).until(ingest::isContainerPaused);
		try {
			for (int i = 200; i < 500; i++) {
				publish(Residents.event(nik(i), 1));
			}
			registryHolds(500);
			ReplicaCompleteness.Count catchingUp = countNow();
			assertThat(catchingUp.registryResidents()).isEqualTo(500);
			assertThat(catchingUp.replicaResidents()).isEqualTo(200);
			assertThat(catchingUp.recordsWaiting()).isEqualTo(300);
			assertThat(catchingUp.incomplete(this.completeness.incompleteBelow())).isFalse();
			// the status shows it from the next sample on
			JsonNode status = await().atMost(Duration.ofSeconds(20))
				.until(() -> TestOperators.asOperator(this.http).getForObject("/ops/sync-status", JsonNode.class),
						(s) -> s.at("/residents/recordsWaiting").asLong() == 300);
			assertThat(status.at("/residents/replicaResidents").asLong()).isEqualTo(200);
			assertThat(status.at("/verdict/code").asText()).isNotEqualTo("REPLICA_INCOMPLETE");
			// the rebuilder looks every second: four looks, and no rebuild
			await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> rebuilds() == 0);
		}
		finally {
			ingest.resume();
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> onReplica() == 500);
		// the last batch's offsets are committed after its rows are visible
		await().atMost(Duration.ofSeconds(30)).until(() -> countNow().recordsWaiting() == 0);

		// 100 residents lost in a restore, nothing waiting: rebuilt, and back.
		ownerSql("DELETE FROM replica_resident WHERE nik BETWEEN '" + nik(100) + "' AND '" + nik(199) + "'");
		ReplicaCompleteness.Count shortOfIt = countNow();
		assertThat(shortOfIt.replicaResidents()).isEqualTo(400);
		assertThat(shortOfIt.recordsWaiting()).isZero();
		assertThat(shortOfIt.incomplete(this.completeness.incompleteBelow())).isTrue();
		JsonNode rebuild = await().atMost(Duration.ofSeconds(60))
			.until(() -> TestOperators.asOperator(this.http)
				.getForEntity("/ops/replica/rebuilds/latest", JsonNode.class)
				.getBody(), (r) -> r != null && "COMPLETED".equals(r.at("/status").asText()));
		assertThat(rebuild.at("/trigger").asText()).isEqualTo("REPLICA_INCOMPLETE");
		assertThat(rebuild.at("/requestedBy").asText()).isEqualTo("system");
		assertThat(rebuild.at("/reason").asText()).contains("holds 400 of the registry's 500 residents");
		assertThat(rebuilds()).isEqualTo(1);
		assertThat(onReplica()).isEqualTo(500);
	}

	/** Counts now, and waits for that count (not an earlier one). */
	private ReplicaCompleteness.Count countNow() {
		Instant asked = Instant.now();
		this.completeness.checkSoon();
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.completeness.latest().orElse(null), (c) -> c != null && !c.at().isBefore(asked));
	}

	/** The registry's whole-country digest: its residents in two provinces. */
	private void registryHolds(long residents) {
		registry.answer("GET", COUNTRY, 200, """
				{"prefix":"","childLength":2,"buckets":[
				  {"bucket":"35","count":%d,"hash":"00"},{"bucket":"51","count":%d,"hash":"00"}]}"""
			.formatted(residents - 1, 1));
	}

	private long onReplica() {
		return this.jdbc.sql("SELECT count(*) FROM replica_resident").query(Long.class).single();
	}

	private long rebuilds() {
		return this.jdbc.sql("SELECT count(*) FROM replica_rebuild").query(Long.class).single();
	}

	private void ownerSql(String sql) throws Exception {
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url);
				Statement statement = owner.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String nik(int i) {
		return "3518014506%06d".formatted(900001 + i);
	}

	private void publish(NikChanged event) {
		if (this.template == null) {
			this.template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
					KafkaTestUtils.producerProps(this.broker), new StringSerializer(), new ByteArraySerializer()));
		}
		this.template
			.send(TestEventSigning
				.signed(new ProducerRecord<>("nik-changes", event.getNik(), this.codec.encode(event))))
			.join();
	}

	@AfterEach
	void closeProducer() {
		if (this.template != null) {
			this.template.destroy();
		}
	}

}
