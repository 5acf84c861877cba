package id.niksync.sync.dashboard;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import id.niksync.access.CrossSiteRequestFilter;
import id.niksync.sync.DebugLines;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestDeadLetters;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import id.niksync.testsupport.TestEventSigning;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CSRF, the way it was done to us: an administrator signed in to the dashboard (the
 * browser keeps the Basic credentials) opens a page served from another port of the same
 * host, which tries every way a page can POST to another origin — forms (urlencoded and
 * text/plain with a JSON-looking body), {@code fetch()} without CORS, with a body and
 * without, and with CORS and JSON — to replay and discard dead letters, start a
 * reconciliation, rotate and revoke a key. The requests arrive with the credentials and
 * none of them does anything; the same actions from the dashboard work.
 */
@SyncIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class CrossSiteBrowserIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	WebDriver browser;

	HttpServer attacker;

	@BeforeEach
	void start(@TempDir Path profile) throws IOException {
		this.browser = HeadlessChromium.start(profile);
		this.attacker = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.attacker.start();
	}

	@AfterEach
	void stop() {
		if (this.attacker != null) {
			this.attacker.stop(0);
		}
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void aPageFromAnotherOriginCannotActForTheSignedInOperator(CapturedOutput output) {
		long replayTarget = deadLetter("3511014506900501");
		long discardTarget = deadLetter("3511014506900502");
		TestPartners.Partner bank = TestPartners.register(this.http, "BANK", 50);
		List<String> actions = List.of("dead-letters/" + replayTarget + "/replay",
				"dead-letters/" + discardTarget + "/discard", "reconciliations",
				"institutions/" + bank.id() + "/keys/rotate",
				"institutions/" + bank.id() + "/keys/" + bank.keyId() + "/revoke");
		String page = attackPage(actions);
		this.attacker.createContext("/", (exchange) -> {
			byte[] body = page.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		long lastAudit = count("SELECT COALESCE(max(id), 0) FROM operator_audit");
		long reconciliations = count("SELECT count(*) FROM reconciliation");

		// Signed in: the browser now sends the administrator's Basic credentials to
		// this origin by itself.
		openDashboard();
		// each refusal logged at debug level (a warning a second at most)
		try (DebugLines lines = DebugLines.of(CrossSiteRequestFilter.class)) {
			this.browser.get("http://localhost:" + this.attacker.getAddress().getPort() + "/");
			new WebDriverWait(this.browser, Duration.ofSeconds(30)).until(ExpectedConditions.titleIs("done"));
		}

		List<String> refused = output.getOut().lines().filter((line) -> line.contains("Refused a cross-site")).toList();
		for (String action : actions) {
			// The attempt reached the service with the credentials, and was refused.
			assertThat(refused).anyMatch((line) -> line.matches(".*Refused a cross-site POST to /ops/" + action
					+ " \\(Origin sent, Sec-Fetch-Site same-site, credentials sent\\)"));
		}
		assertThat(TestDeadLetters.status(this.jdbc, replayTarget)).isEqualTo("PENDING");
		assertThat(TestDeadLetters.status(this.jdbc, discardTarget)).isEqualTo("PENDING");
		assertThat(count("SELECT count(*) FROM reconciliation")).isEqualTo(reconciliations);
		assertThat(this.jdbc
			.sql("SELECT key_id, expires_at IS NULL AND revoked_at IS NULL AS usable FROM api_key"
					+ " WHERE institution_id = ?")
			.param(bank.id())
			.query()
			.listOfRows()).containsExactly(Map.of("key_id", bank.keyId(), "usable", true));
		assertThat(count("SELECT COALESCE(max(id), 0) FROM operator_audit")).isEqualTo(lastAudit);

		// The same actions from the dashboard, with a reason.
		openDashboard();
		this.browser.findElement(By.id("dead-letters-reason")).sendKeys("fixed upstream");
		click(By.cssSelector("button.replay[data-dead-letter-id='" + replayTarget + "']"));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "REPLAYED".equals(TestDeadLetters.status(this.jdbc, replayTarget)));
		click(By.cssSelector("button.discard[data-dead-letter-id='" + discardTarget + "']"));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "DISCARDED".equals(TestDeadLetters.status(this.jdbc, discardTarget)));
		this.browser.findElement(By.id("reconciliation-reason")).sendKeys("after the outage");
		click(By.id("run-reconciliation"));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> count("SELECT count(*) FROM reconciliation") == reconciliations + 1);
		// No key management on the page: the page's own API module, as a future page
		// would call it.
		assertThat(postFromDashboard("institutions/" + bank.id() + "/keys/rotate")).isEqualTo("ok");
		assertThat(postFromDashboard("institutions/" + bank.id() + "/keys/" + bank.keyId() + "/revoke"))
			.isEqualTo("ok");

		List<Map<String, Object>> audited = this.jdbc
			.sql("SELECT operator, action, reason, client_address FROM operator_audit WHERE id > ? ORDER BY id")
			.param(lastAudit)
			.query()
			.listOfRows();
		assertThat(audited).extracting((row) -> row.get("action"))
			.containsSubsequence("DEAD_LETTER_REPLAY", "DEAD_LETTER_DISCARD", "RECONCILIATION_START", "API_KEY_ROTATE",
					"API_KEY_REVOKE");
		assertThat(audited).allSatisfy((row) -> {
			assertThat(row.get("operator")).isEqualTo(TestOperators.ADMIN);
			assertThat(row.get("client_address")).isNotNull();
		});
		assertThat(audited).filteredOn((row) -> !"RECONCILIATION_START".equals(row.get("action")))
			.extracting((row) -> row.get("reason"))
			.containsOnly("fixed upstream", "from the dashboard");
	}

	/**
	 * Every way a page can send a POST elsewhere, for each action; the title turns
	 * {@code done} when all have been answered (or refused by the browser itself).
	 */
	private String attackPage(List<String> actions) {
		String targets = String.join("','", actions);
		return """
				<!doctype html><html><head><title>attacking</title></head><body><script>
				const service = 'http://localhost:%d/ops/';
				const body = JSON.stringify({ reason: 'attack', republish: true, graceSeconds: 0 });
				function form(path, enctype, i) {
				  return new Promise((resolve) => {
				    const frame = document.createElement('iframe');
				    frame.name = 'frame' + i;
				    document.body.append(frame);
				    frame.addEventListener('load', resolve, { once: true });
				    setTimeout(resolve, 10000);
				    const form = document.createElement('form');
				    Object.assign(form, { method: 'POST', action: service + path, enctype, target: frame.name });
				    const input = document.createElement('input');
				    // text/plain sends name=value: {"reason":"attack",…,"x":"="}, which parses as JSON
				    Object.assign(input, { type: 'hidden', name: body.slice(0, -1) + ',"x":"', value: '"}' });
				    form.append(input);
				    document.body.append(form);
				    form.submit();
				  });
				}
				const sent = [];
				['%s'].forEach((path, i) => {
				  sent.push(form(path, 'application/x-www-form-urlencoded', 'u' + i));
				  sent.push(form(path, 'text/plain', 't' + i));
				  sent.push(fetch(service + path, { method: 'POST', mode: 'no-cors', credentials: 'include',
				    headers: { 'Content-Type': 'text/plain' }, body }));
				  sent.push(fetch(service + path, { method: 'POST', mode: 'no-cors', credentials: 'include' }));
				  sent.push(fetch(service + path, { method: 'POST', mode: 'cors', credentials: 'include',
				    headers: { 'Content-Type': 'application/json' }, body }));
				});
				Promise.allSettled(sent).then(() => { document.title = 'done'; });
				</script></body></html>
				""".formatted(this.port, targets);
	}

	private void openDashboard() {
		this.browser.get("http://" + TestOperators.ADMIN + ":" + TestOperators.ADMIN_PASSWORD + "@localhost:"
				+ this.port + "/ops/");
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
	}

	private void click(By element) {
		HeadlessChromium.click(this.browser, element);
	}

	private String postFromDashboard(String path) {
		return (String) ((JavascriptExecutor) this.browser).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				import(location.origin + '/ops/dashboard/api.js')
				  .then((api) => api.post(arguments[0], { reason: 'from the dashboard' }))
				  .then(() => done('ok'), (error) => done(error.message));
				""", path);
	}

	private long deadLetter(String nik) {
		try (var producer = new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(this.broker),
				new StringSerializer(), new ByteArraySerializer())
			.createProducer()) {
			producer.send(TestEventSigning.signed(new ProducerRecord<>("nik-changes", nik, "not an event".getBytes())));
		}
		return TestDeadLetters.awaitOne(this.http, nik);
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

}
