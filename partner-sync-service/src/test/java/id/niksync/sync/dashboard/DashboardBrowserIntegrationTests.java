package id.niksync.sync.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

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
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operators' dashboard in a real headless Chromium: it loads signed in without
 * console errors, shows the status, and its Replay button reaches the API. Skipped where
 * Debian's chromium and chromium-driver are not installed (CI installs them).
 */
@SyncIntegrationTest
class DashboardBrowserIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	WebDriver browser;

	@BeforeEach
	void startBrowser(@TempDir Path profile) {
		this.browser = HeadlessChromium.start(profile);
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void showsTheStatusAndReplaysADeadLetterWithoutConsoleErrors() throws Exception {
		String key = "3511014506900401";
		send(key, "not an event".getBytes());
		long id = TestDeadLetters.awaitOne(this.http, key);

		WebDriverWait wait = openSignedIn();
		By replay = By.cssSelector("button.replay[data-dead-letter-id='" + id + "']");
		wait.until(ExpectedConditions.elementToBeClickable(replay));

		assertThat(this.browser.findElement(By.id("verdict-status")).getText()).isNotBlank().isNotEqualTo("…");
		assertThat(this.browser.findElement(By.id("consumer")).getText()).startsWith("running");
		assertThat(this.browser.findElement(By.id("breaker")).getText()).isEqualTo("CLOSED");
		assertThat(this.browser.findElement(By.id("refresh-state")).getText()).startsWith("refreshed");

		HeadlessChromium.click(this.browser, By.cssSelector("button.view[data-view-dead-letter='" + id + "']"));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dead-letter-detail")));
		wait.until(ExpectedConditions.textToBe(By.id("dead-letter-detail-id"), Long.toString(id)));
		assertThat(this.browser.findElement(By.id("dead-letter-detail-facts")).getText()).contains("DESERIALIZATION",
				"nik-changes partition");
		assertThat(this.browser.findElement(By.id("dead-letter-detail-payload")).getText()).startsWith("Not decodable");
		assertThat(this.browser.findElement(By.id("dead-letter-detail-headers")).getText())
			.contains("niksync-dlt-reason", "kafka_dlt-original-offset");
		assertThat(this.browser.findElement(By.id("dead-letter-detail-chain")).getText()).contains("this one");
		screenshot();

		this.browser.findElement(By.id("dead-letters-reason")).sendKeys("replayed from the dashboard test");
		HeadlessChromium.click(this.browser, replay);

		await().atMost(Duration.ofSeconds(20)).until(() -> "REPLAYED".equals(TestDeadLetters.status(this.jdbc, id)));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dead-letters-message"),
				"Dead letter " + id + " replayed."));
		List<LogEntry> errors = this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.WARNING.intValue())
			.toList();
		assertThat(errors).isEmpty();
	}

	@Test
	void liftsARefusedNiksRefusalWithTheReasonGiven() {
		String nik = "3511014506900402";
		long institution = TestPartners.register(this.http, "BANK", 50, List.of("REONLINE")).id();
		for (int i = 0; i < 3; i++) {
			this.jdbc.sql("""
					INSERT INTO reonline_request (id, institution_id, key_id, nik, purpose, status, finished_at, code)
					VALUES (gen_random_uuid(), ?, 'nokey0000000', ?, 'kyc', 'REJECTED', clock_timestamp(),
					    'KK_MISMATCH_OR_UNKNOWN')""").params(institution, nik).update();
		}

		WebDriverWait wait = openSignedIn();
		By lift = By.cssSelector("button.lift[data-lift-nik='" + nik + "']");
		wait.until(ExpectedConditions.elementToBeClickable(lift));
		HeadlessChromium.click(this.browser, lift);
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("reonline-message"), "needs a reason"));
		this.browser.findElement(By.id("reonline-reason")).sendKeys("family card checked at the civil registry");
		HeadlessChromium.click(this.browser, lift);

		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("reonline-message"),
				"Refusal lifted (3 rejections no longer count)."));
		assertThat(this.jdbc
			.sql("""
					SELECT operator || ': ' || reason FROM operator_audit WHERE action = 'REONLINE_REFUSAL_LIFT' AND target = ?""")
			.param("resident:" + nik)
			.query(String.class)
			.list()).containsExactly(TestOperators.OPERATOR + ": family card checked at the civil registry");
		wait.until(ExpectedConditions.invisibilityOfElementLocated(lift));
	}

	/** A key whose bytes are no UTF-8: the detail shows them in hexadecimal too. */
	@Test
	void showsTheExactBytesOfAKeyThatIsNoUtf8() throws Exception {
		byte[] key = { '3', '5', '1', '1', (byte) 0xC0, (byte) 0xAF, (byte) 0xFF, (byte) System.nanoTime() };
		try (var producer = new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(this.broker),
				new ByteArraySerializer(), new ByteArraySerializer())
			.createProducer()) {
			producer
				.send(TestEventSigning.signedRaw(new ProducerRecord<>("nik-changes", key, "not an event".getBytes())));
		}
		long id = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("SELECT id FROM dead_letter WHERE record_key_bytes = ?")
				.param(key)
				.query(Long.class)
				.optional(), java.util.Optional::isPresent)
			.orElseThrow();

		WebDriverWait wait = openSignedIn();
		By view = By.cssSelector("button.view[data-view-dead-letter='" + id + "']");
		wait.until(ExpectedConditions.elementToBeClickable(view));
		HeadlessChromium.click(this.browser, view);
		wait.until(ExpectedConditions.textToBe(By.id("dead-letter-detail-id"), Long.toString(id)));

		assertThat(this.browser.findElement(By.id("dead-letter-detail-facts")).getText())
			.contains("record key bytes (hex)", java.util.HexFormat.of().formatHex(key));
		screenshot("dashboard-key-hex.png");
	}

	/** The dashboard, signed in as the operator, once it has loaded. */
	private WebDriverWait openSignedIn() {
		this.browser.get("http://" + TestOperators.OPERATOR + ":" + TestOperators.OPERATOR_PASSWORD + "@localhost:"
				+ this.port + "/ops/");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
		return wait;
	}

	private void screenshot() throws Exception {
		screenshot("dashboard.png");
	}

	private void screenshot(String name) throws Exception {
		Path shot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
	}

	/** Bytes that are not an event: the consumer parks them as a dead letter. */
	private void send(String key, byte[] value) {
		try (var producer = new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(this.broker),
				new StringSerializer(), new ByteArraySerializer())
			.createProducer()) {
			producer.send(TestEventSigning.signed(new ProducerRecord<>("nik-changes", key, value)));
		}
	}

}
