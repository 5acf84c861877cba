package id.niksync.sync.reonline;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestPartners;
import id.niksync.sync.access.InstitutionCallbacks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery, retry and signature against a plain local receiver: the dispatcher is built
 * here with a transport and address check that allow it (production allows HTTPS to
 * public addresses only, see {@link CallbackSenderTests} and
 * {@link ReonlineRequestsIntegrationTests}).
 */
@SyncIntegrationTest
class CallbackDispatcherIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	InstitutionCallbacks callbacks;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	ObjectMapper json;

	@Autowired
	ReonlineWatcher watcher;

	private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger answers = new AtomicInteger();

	private HttpServer server;

	/**
	 * The service's own dispatcher, every second, would otherwise claim the rows these
	 * tests make due for theirs (and refuse their plain-HTTP loopback address).
	 */
	@BeforeEach
	void stopTheServicesDispatcher() {
		this.watcher.stop();
	}

	@AfterEach
	void stop() {
		this.watcher.start();
		this.server.stop(0);
	}

	@Test
	void retriesAFailedDeliveryAfterABackoffThenDeliversItSigned() throws Exception {
		long institution = TestPartners.register(this.http, "BANK", 50, List.of("REONLINE")).id();
		String url = start(500, 200);
		this.transaction.executeWithoutResult((tx) -> this.callbacks.set(institution, url, "nscb_test-secret"));
		UUID id = UUID.randomUUID();
		this.jdbc
			.sql("""
					INSERT INTO reonline_request (id, institution_id, key_id, nik, purpose, status, finished_at, target_version,
					    online_version, callback_status, callback_next_at)
					VALUES (?, ?, 'k', '3511014506930201', 'kyc', 'ONLINE', now(), 2, 2, 'PENDING', now())""")
			.params(id, institution)
			.update();
		CallbackDispatcher dispatcher = dispatcher();

		dispatcher.dispatch();

		assertThat(callback(id)).containsEntry("callback_status", "PENDING").containsEntry("callback_attempts", 1);
		assertThat((Boolean) this.jdbc
			.sql("SELECT callback_next_at BETWEEN now() + interval '8 seconds' AND now() + interval '11 seconds'"
					+ " FROM reonline_request WHERE id = ?")
			.param(id)
			.query(Boolean.class)
			.single()).as("first backoff 10 s").isTrue();
		assertThat(dispatcher.dispatch()).as("not due yet").isZero();

		this.jdbc.sql("UPDATE reonline_request SET callback_next_at = now() WHERE id = ?").param(id).update();
		dispatcher.dispatch();

		assertThat(callback(id)).containsEntry("callback_status", "DELIVERED").containsEntry("callback_attempts", 2);
		assertThat(this.received).hasSize(2);
		Map<String, String> delivered = this.received.get(1);
		assertThat(this.json.readTree(delivered.get("body")).get("status").asText()).isEqualTo("ONLINE");
		assertThat(delivered.get("body")).doesNotContain("3511014506930201");
		String[] signature = delivered.get("signature").split(",");
		long t = Long.parseLong(signature[0].substring(2));
		assertThat(signature[1]).isEqualTo("v1="
				+ CallbackSender.sign("nscb_test-secret", t, delivered.get("body").getBytes(StandardCharsets.UTF_8)));
		assertThat(delivered.get("requestId")).isEqualTo(id.toString());
	}

	@Test
	void givesUpAfterTheLastAttempt() throws Exception {
		long institution = TestPartners.register(this.http, "BANK", 50, List.of("REONLINE")).id();
		String url = start(503);
		this.transaction.executeWithoutResult((tx) -> this.callbacks.set(institution, url, "s"));
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO reonline_request (id, institution_id, key_id, nik, purpose, status, finished_at, code,
				    callback_status, callback_attempts, callback_next_at)
				VALUES (?, ?, 'k', '3511014506930202', 'kyc', 'REJECTED', now(), 'KK_MISMATCH_OR_UNKNOWN', 'PENDING', 7,
				    now())""").params(id, institution).update();

		dispatcher().dispatch();

		assertThat(callback(id)).containsEntry("callback_status", "FAILED")
			.containsEntry("callback_attempts", 8)
			.containsEntry("callback_error", "answered HTTP 503");
	}

	private CallbackDispatcher dispatcher() {
		ReonlineProperties settings = new ReonlineProperties(10, 3, Duration.ofHours(24), Duration.ofHours(24),
				Duration.ofMillis(200), Duration.ofMinutes(10), 8, Duration.ofSeconds(10), Duration.ofHours(1),
				Duration.ofSeconds(2), Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofSeconds(15),
				Set.of(443));
		CallbackUrls plainToLoopback = new CallbackUrls(java.net.InetAddress::getAllByName, (address) -> false, "http",
				Set.of());
		CallbackSender sender = new CallbackSender(plainToLoopback, CallbackDispatcherIntegrationTests::plain,
				Duration.ofSeconds(2), Clock.systemUTC());
		return new CallbackDispatcher(this.jdbc, this.callbacks, sender, settings, this.json);
	}

	private Map<String, Object> callback(UUID id) {
		return this.jdbc
			.sql("SELECT callback_status, callback_attempts, callback_error FROM reonline_request WHERE id = ?")
			.param(id)
			.query()
			.singleRow();
	}

	private static Socket plain(InetSocketAddress address, String host, Duration timeout) throws IOException {
		Socket socket = new Socket();
		socket.connect(address, (int) timeout.toMillis());
		return socket;
	}

	private String start(int... statuses) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			try (exchange) {
				this.received
					.add(Map.of("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
							"signature", exchange.getRequestHeaders().getFirst("X-NikSync-Signature"), "requestId",
							exchange.getRequestHeaders().getFirst("X-NikSync-Request-Id")));
				int n = this.answers.getAndIncrement();
				exchange.sendResponseHeaders(statuses[Math.min(n, statuses.length - 1)], -1);
			}
		});
		this.server.start();
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook";
	}

}
