package id.niksync.sync.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.access.RequestConnectionShare;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import id.niksync.sync.ingest.IngestStatus;
import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.testsupport.Residents;
import id.niksync.testsupport.TestEventSigning;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A table locked by other work (an {@code ALTER TABLE}, a {@code VACUUM FULL}, a long
 * transaction) holds a request at most the pool's {@code lock_timeout} (5 s): it is then
 * answered {@code 503 DATABASE_BUSY}, its connection back in the pool, and the replica
 * breaker does not take the lock for an outage, so ingestion goes on. Each lock is held
 * longer than the preemptive timeout allows: a request that waited for the lock itself
 * fails the test. Real PostgreSQL, real broker.
 */
@SyncIntegrationTest
class TableLockIntegrationTests {

	/** Far above the 5 s lock_timeout, far below the 60 s socket timeout. */
	private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(15);

	/** The 5 s lock_timeout once, with room to spare; twice would not fit. */
	private static final Duration ONE_LOCK_WAIT = Duration.ofSeconds(8);

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	IngestStatus ingest;

	@Autowired
	DataSource dataSource;

	@Autowired
	ObjectMapper json;

	@LocalServerPort
	int port;

	@Value("${spring.datasource.url}")
	String url;

	@Test
	void operatorsAreToldTheDeadLettersAreBusyWhileIngestionGoesOn() throws Exception {
		String nik = "3522014506900771";
		try (Connection owner = lock("dead_letter")) {
			ResponseEntity<JsonNode> list = assertTimeoutPreemptively(ANSWERED_WITHIN,
					() -> TestOperators.asOperator(this.http).getForEntity("/ops/dead-letters", JsonNode.class));
			assertBusy(list);

			// A record arriving meanwhile reaches the replica: the breaker stayed closed.
			publish(nik);
			await().atMost(ANSWERED_WITHIN)
				.until(() -> this.jdbc.sql("SELECT count(*) FROM replica_resident WHERE nik = ?")
					.param(nik)
					.query(Long.class)
					.single() == 1);
			// At least one sample's read of the dead letters met the lock by now.
			Thread.sleep(3000);
			JsonNode status = TestOperators.asOperator(this.http).getForObject("/ops/sync-status", JsonNode.class);
			assertThat(status.at("/verdict/code").asText()).isNotEqualTo("REPLICA_DATABASE_UNREACHABLE");
			assertThat(status.at("/replicaDatabase/reachable").asBoolean(true)).isTrue();
			assertThat(TestOperators.asOperator(this.http)
				.getForObject("/actuator/health", JsonNode.class)
				.at("/status")
				.asText()).isEqualTo("UP");
			owner.rollback();
		}
		assertThat(
				TestOperators.asOperator(this.http).getForEntity("/ops/dead-letters", JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
	}

	/**
	 * Answered after one lock timeout: its row was tried once. The gate wrote it again
	 * for the 503 and the lookup took two lock timeouts (10 s).
	 */
	@Test
	void aLookupWhoseAuditCannotBeWrittenIsBusyNotHeld() throws Exception {
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 100);
		try (Connection owner = lock("partner_audit")) {
			ResponseEntity<JsonNode> lookup = assertTimeoutPreemptively(ONE_LOCK_WAIT, () -> TestPartners.get(this.http,
					"/partner/v1/residents/3522014506900772", bank.key(), "table lock test"));
			assertBusy(lookup);
			owner.rollback();
		}
		assertThat(TestPartners.get(this.http, "/partner/v1/residents/3522014506900772", bank.key(), "after the lock")
			.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	/**
	 * Verifications waiting for their audit rows hold no read of the replica: lookups
	 * sent meanwhile read, and are answered DATABASE_BUSY for their own audit rows.
	 * Before, each verification wrote its rows in the transaction of its read, in turn:
	 * ten of them behind a locked audit table held all ten reads for the lock's 5 s and
	 * the lookups were refused LOOKUPS_BUSY.
	 */
	@Test
	void verificationsWaitingForTheirAuditLeaveLookupsTheirReads() throws Exception {
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 100);
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest verification = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/partner/v1/verifications"))
			.header(HttpHeaders.AUTHORIZATION, "ApiKey " + bank.key())
			.header("X-Purpose", "table lock test")
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"nik\":\"3522014506900776\",\"fullName\":\"Siti\"}"))
			.build();
		HttpRequest lookup = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/partner/v1/residents/3522014506900777"))
			.header(HttpHeaders.AUTHORIZATION, "ApiKey " + bank.key())
			.header("X-Purpose", "table lock test")
			.build();
		try (Connection owner = lock("partner_audit")) {
			List<CompletableFuture<HttpResponse<String>>> verifications = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				verifications.add(client.sendAsync(verification, HttpResponse.BodyHandlers.ofString()));
			}
			// the verifications have read and wait for their audit rows
			Thread.sleep(1500);
			List<CompletableFuture<HttpResponse<String>>> lookups = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				lookups.add(client.sendAsync(lookup, HttpResponse.BodyHandlers.ofString()));
			}
			List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>(verifications);
			all.addAll(lookups);
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
				.get(ANSWERED_WITHIN.toSeconds(), TimeUnit.SECONDS);
			for (CompletableFuture<HttpResponse<String>> answer : all) {
				HttpResponse<String> response = answer.join();
				assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
				assertThat(this.json.readTree(response.body()).at("/code").asText()).as(response.body())
					.isEqualTo("DATABASE_BUSY");
			}
			owner.rollback();
		}
	}

	@Test
	void aPartnerWhoseKeyCannotBeReadIsBusyNotHeld() throws Exception {
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 100);
		// past niksync.access.api-key-cache-for (1 s): the key is read from api_key
		Thread.sleep(2500);
		try (Connection owner = lock("api_key")) {
			ResponseEntity<JsonNode> lookup = assertTimeoutPreemptively(ANSWERED_WITHIN, () -> TestPartners
				.get(this.http, "/partner/v1/residents/3522014506900773", bank.key(), "table lock test"));
			assertBusy(lookup);
			owner.rollback();
		}
	}

	/**
	 * More requests stuck behind one lock than the pool has connections: requests hold at
	 * most their share of it (pool 20, 6 reserved), so each is answered BUSY, never
	 * UNAVAILABLE, and ingestion and the replica's probe still find connections: the
	 * breaker stays closed and a record published meanwhile reaches the replica. Before
	 * the share, 20 requests took the pool, the others and the probe timed out waiting
	 * for a connection and the breaker opened.
	 */
	@Test
	void manyRequestsBehindOneLockLeaveIngestionItsConnections() throws Exception {
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 100);
		String nik = "3522014506900774";
		// past niksync.access.api-key-cache-for (1 s): every request reads api_key
		Thread.sleep(2500);
		AtomicBoolean breakerOpened = new AtomicBoolean();
		ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
		watch.scheduleWithFixedDelay(() -> breakerOpened.compareAndSet(false, this.ingest.circuitOpen()), 0, 50,
				TimeUnit.MILLISECONDS);
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest lookup = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/partner/v1/residents/3522014506900775"))
			.header(HttpHeaders.AUTHORIZATION, "ApiKey " + bank.key())
			.header("X-Purpose", "table lock test")
			.build();
		try (Connection owner = lock("api_key")) {
			List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				answers.add(client.sendAsync(lookup, HttpResponse.BodyHandlers.ofString()));
			}
			// the requests have taken what they may of the pool
			Thread.sleep(1000);
			publish(nik);
			// read on a connection of its own: the service's pool is what is tested
			await().atMost(ANSWERED_WITHIN).until(() -> onReplica(nik));
			CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
				.get(ANSWERED_WITHIN.toSeconds(), TimeUnit.SECONDS);
			for (CompletableFuture<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.join();
				assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
				assertThat(this.json.readTree(response.body()).at("/code").asText()).as(response.body())
					.isEqualTo("DATABASE_BUSY");
			}
			assertThat(TestOperators.asOperator(this.http)
				.getForObject("/actuator/health", JsonNode.class)
				.at("/status")
				.asText()).isEqualTo("UP");
			owner.rollback();
		}
		finally {
			watch.shutdownNow();
		}
		assertThat(breakerOpened).as("the replica breaker opened").isFalse();
	}

	/**
	 * Work that answers no request stuck too (ingestion, audit writers, jobs behind
	 * several locked tables), with requests holding the rest: the probes keep their part
	 * of the pool (pool 20, 2 for probes), so health stays UP and the breaker closed for
	 * a database that answers. Here the test itself holds all 18 connections requests and
	 * background work may hold; without the probes' part, the probe found no connection,
	 * health went DOWN and the breaker opened.
	 */
	@Test
	void aPoolHeldByStuckWorkLeavesTheProbesTheirConnections() throws Exception {
		AtomicBoolean breakerOpened = new AtomicBoolean();
		ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
		watch.scheduleWithFixedDelay(() -> breakerOpened.compareAndSet(false, this.ingest.circuitOpen()), 0, 50,
				TimeUnit.MILLISECONDS);
		List<Connection> held = new ArrayList<>();
		try {
			for (int i = 0; i < 18; i++) {
				held.add(this.dataSource.getConnection());
			}
			assertThatThrownBy(this.dataSource::getConnection)
				.isInstanceOf(RequestConnectionShare.ShareTakenException.class);
			// longer than two probes' failures and a health probe's 2 s
			for (int i = 0; i < 4; i++) {
				ResponseEntity<JsonNode> health = this.http.getForEntity("/actuator/health", JsonNode.class);
				assertThat(health.getStatusCode()).as(String.valueOf(health.getBody())).isEqualTo(HttpStatus.OK);
				Thread.sleep(1500);
			}
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
			watch.shutdownNow();
		}
		assertThat(breakerOpened).as("the replica breaker opened").isFalse();
	}

	@Test
	void anAdminListingAccountsIsBusyNotHeld() throws Exception {
		try (Connection owner = lock("operator_account")) {
			ResponseEntity<JsonNode> accounts = assertTimeoutPreemptively(ANSWERED_WITHIN,
					() -> TestOperators.asAdmin(this.http).getForEntity("/ops/accounts", JsonNode.class));
			assertBusy(accounts);
			owner.rollback();
		}
	}

	private static void assertBusy(ResponseEntity<JsonNode> answer) {
		assertThat(answer.getStatusCode()).as(String.valueOf(answer.getBody()))
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.getBody().at("/code").asText()).isEqualTo("DATABASE_BUSY");
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
	}

	private boolean onReplica(String nik) throws Exception {
		try (Connection reader = EmbeddedPostgres.ownerConnection(this.url);
				PreparedStatement query = reader
					.prepareStatement("SELECT count(*) FROM replica_resident WHERE nik = ?")) {
			query.setString(1, nik);
			try (ResultSet rows = query.executeQuery()) {
				return rows.next() && rows.getLong(1) == 1;
			}
		}
	}

	/** The table locked as an ALTER TABLE would, until the connection rolls back. */
	private Connection lock(String table) throws Exception {
		Connection owner = EmbeddedPostgres.ownerConnection(this.url);
		owner.setAutoCommit(false);
		try (Statement sql = owner.createStatement()) {
			sql.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
		}
		return owner;
	}

	private void publish(String nik) {
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
				KafkaTestUtils.producerProps(this.broker), new StringSerializer(), new ByteArraySerializer()));
		try {
			template.send(TestEventSigning.signed(
					new ProducerRecord<>("nik-changes", nik, new NikChangedCodec().encode(Residents.event(nik, 1)))))
				.join();
		}
		finally {
			template.destroy();
		}
	}

}
