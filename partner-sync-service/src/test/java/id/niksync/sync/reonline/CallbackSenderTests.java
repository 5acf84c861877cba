package id.niksync.sync.reonline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The signing and the wire format against a plain local HTTP server: the address check
 * and the transport are injected (production allows only HTTPS to public addresses, and
 * {@link CallbackAddressesTests} and the integration tests hold it to that).
 */
class CallbackSenderTests {

	private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_767_225_600L), ZoneOffset.UTC);

	private final List<String> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger answer = new AtomicInteger(204);

	private HttpServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void signsTheTimestampAndBodyWithTheInstitutionsSecret() throws Exception {
		String url = start() + "/hooks/niksync?x=1";
		byte[] body = "{\"id\":\"a\",\"status\":\"ONLINE\"}".getBytes(StandardCharsets.UTF_8);

		int status = plainSender((address) -> false).send(url, "a", body, "nscb_secret");

		assertThat(status).isEqualTo(204);
		assertThat(this.received).hasSize(1);
		String request = this.received.get(0);
		assertThat(request).startsWith("POST /hooks/niksync?x=1\n");
		// the documented signature: HMAC-SHA256(secret, "<t>.<body>"), as openssl
		// computes it
		assertThat(request).contains(
				"x-niksync-signature: t=1767225600,v1=" + CallbackSender.sign("nscb_secret", 1_767_225_600L, body));
		// printf '1.{}' | openssl dgst -sha256 -hmac key
		assertThat(CallbackSender.sign("key", 1, "{}".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224");
		assertThat(request).contains("x-niksync-request-id: a").endsWith("\n{\"id\":\"a\",\"status\":\"ONLINE\"}");
	}

	@Test
	void reportsTheReceiversStatusAndFollowsNoRedirect() throws Exception {
		String url = start() + "/hook";
		this.answer.set(302);

		assertThat(plainSender((address) -> false).send(url, "a", new byte[0], "s")).isEqualTo(302);
		assertThat(this.received).hasSize(1);
	}

	@Test
	void refusesAnAddressTheCheckRefusesWithoutConnecting() throws Exception {
		String url = start() + "/hook";

		assertThatExceptionOfType(CallbackUrls.RefusedException.class)
			.isThrownBy(() -> plainSender(InetAddress::isLoopbackAddress).send(url, "a", new byte[0], "s"));
		assertThat(this.received).isEmpty();
	}

	@Test
	void theProductionSenderRefusesPlainHttpLoopbackAndOtherPorts() {
		CallbackSender production = CallbackSender.https(CallbackUrls.production(Set.of(443)), Duration.ofSeconds(1),
				CLOCK);

		assertThatExceptionOfType(CallbackUrls.RefusedException.class)
			.isThrownBy(() -> production.send("http://93.184.215.14/hook", "a", new byte[0], "s"));
		assertThatExceptionOfType(CallbackUrls.RefusedException.class)
			.isThrownBy(() -> production.send("https://127.0.0.1/hook", "a", new byte[0], "s"));
		// checked before each delivery: a URL stored before its port was taken off the
		// list
		assertThatExceptionOfType(CallbackUrls.RefusedException.class)
			.isThrownBy(() -> production.send("https://93.184.215.14:8443/hook", "a", new byte[0], "s"))
			.withMessageContaining("port");
	}

	@Test
	void backsOffDoublingUpToTheLongestWait() {
		ReonlineProperties settings = new ReonlineProperties(10, 3, Duration.ofHours(24), Duration.ofHours(24),
				Duration.ofMillis(200), Duration.ofMinutes(10), 8, Duration.ofSeconds(10), Duration.ofMinutes(1),
				Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofSeconds(15),
				Set.of(443));

		assertThat(List.of(1, 2, 3, 4, 5, 30).stream().map(settings::backoffAfter)).containsExactly(
				Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofMinutes(1),
				Duration.ofMinutes(1), Duration.ofMinutes(1));
	}

	private CallbackSender plainSender(java.util.function.Predicate<InetAddress> refused) {
		CallbackUrls urls = new CallbackUrls(InetAddress::getAllByName, refused, "http", Set.of());
		return new CallbackSender(urls, CallbackSenderTests::plain, Duration.ofSeconds(2), CLOCK);
	}

	private static Socket plain(InetSocketAddress address, String host, Duration timeout) throws IOException {
		Socket socket = new Socket();
		socket.connect(address, (int) timeout.toMillis());
		return socket;
	}

	private String start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			try (exchange) {
				StringBuilder request = new StringBuilder(
						exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n");
				exchange.getRequestHeaders()
					.forEach((name, values) -> request.append(name.toLowerCase())
						.append(": ")
						.append(values.get(0))
						.append("\n"));
				request.append("\n")
					.append(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				this.received.add(request.toString());
				exchange.getResponseHeaders().add("Location", "https://127.0.0.1/elsewhere");
				exchange.sendResponseHeaders(this.answer.get(), -1);
			}
		});
		this.server.start();
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

}
