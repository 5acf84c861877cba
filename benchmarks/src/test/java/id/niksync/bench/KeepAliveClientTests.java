package id.niksync.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against a scripted server: each connection answers its requests with the next of the
 * scripted answers, in order, and the requests it read are kept.
 */
class KeepAliveClientTests {

	private final Queue<String> answers = new ConcurrentLinkedQueue<>();

	private final Queue<String> requests = new ConcurrentLinkedQueue<>();

	private final AtomicInteger accepted = new AtomicInteger();

	private final Queue<Socket> open = new ConcurrentLinkedQueue<>();

	private ServerSocket server;

	@AfterEach
	void stop() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
		for (Socket socket : this.open) {
			socket.close();
		}
	}

	@Test
	void readsEachAnswerWholeOnOneConnection() throws Exception {
		start(ok("{\"a\":1}"), "HTTP/1.1 404 \r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
				+ "4\r\n{\"b\"\r\n3;x=y\r\n:2}\r\n0\r\nTrailer: t\r\n\r\n", ok(""), ok("{\"d\":4}"));
		try (KeepAliveClient client = new KeepAliveClient(base(), Duration.ofSeconds(5), "Authorization", "ApiKey k",
				"X-Purpose", "kyc")) {
			assertThat(client.get("/partner/v1/residents/1")).isEqualTo(200);
			assertThat(client.get("/partner/v1/residents/2")).isEqualTo(404);
			assertThat(client.get("/partner/v1/residents/3?minVersion=2")).isEqualTo(200);
			assertThat(client.get("/partner/v1/residents/4")).isEqualTo(200);
			assertThat(client.connections()).isEqualTo(1);
		}
		assertThat(this.accepted).hasValue(1);
		assertThat(this.requests).containsExactly(
				"GET /partner/v1/residents/1 HTTP/1.1|Host: 127.0.0.1:" + this.server.getLocalPort()
						+ "|Accept: application/json|Authorization: ApiKey k|X-Purpose: kyc",
				"GET /partner/v1/residents/2 HTTP/1.1|Host: 127.0.0.1:" + this.server.getLocalPort()
						+ "|Accept: application/json|Authorization: ApiKey k|X-Purpose: kyc",
				"GET /partner/v1/residents/3?minVersion=2 HTTP/1.1|Host: 127.0.0.1:" + this.server.getLocalPort()
						+ "|Accept: application/json|Authorization: ApiKey k|X-Purpose: kyc",
				"GET /partner/v1/residents/4 HTTP/1.1|Host: 127.0.0.1:" + this.server.getLocalPort()
						+ "|Accept: application/json|Authorization: ApiKey k|X-Purpose: kyc");
	}

	@Test
	void opensANewConnectionAfterTheServerSaysClose() throws Exception {
		start("HTTP/1.1 200 \r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", ok("{}"));
		try (KeepAliveClient client = new KeepAliveClient(base(), Duration.ofSeconds(5))) {
			assertThat(client.get("/a")).isEqualTo(200);
			assertThat(client.get("/b")).isEqualTo(200);
			assertThat(client.connections()).isEqualTo(2);
		}
		assertThat(this.requests).hasSize(2);
	}

	@Test
	void sendsOnceMoreWhenAKeptConnectionWasClosedUnanswered() throws Exception {
		// the second request on the first connection finds it closed by the server
		start(ok("{}"), null, ok("{}"));
		try (KeepAliveClient client = new KeepAliveClient(base(), Duration.ofSeconds(5))) {
			assertThat(client.get("/a")).isEqualTo(200);
			assertThat(client.get("/b")).isEqualTo(200);
			assertThat(client.connections()).isEqualTo(2);
		}
	}

	@Test
	void aBodyCutShortIsAnErrorNotAnAnswer() throws Exception {
		start("HTTP/1.1 200 \r\nContent-Length: 10\r\n\r\n{}", null);
		try (KeepAliveClient client = new KeepAliveClient(base(), Duration.ofSeconds(5))) {
			assertThatThrownBy(() -> client.get("/a")).isInstanceOf(IOException.class);
		}
	}

	@Test
	void aFreshConnectionClosedUnansweredIsAnError() throws Exception {
		start(null, null);
		try (KeepAliveClient client = new KeepAliveClient(base(), Duration.ofSeconds(5))) {
			assertThatThrownBy(() -> client.get("/a")).isInstanceOf(IOException.class);
			assertThat(client.connections()).isEqualTo(1);
		}
	}

	@Test
	void aTimeoutIsAnErrorAndNotSentAgain() throws Exception {
		// read, never answered
		start(ok("{}"), "WAIT");
		try (KeepAliveClient client = new KeepAliveClient(base(), Duration.ofMillis(300))) {
			assertThat(client.get("/a")).isEqualTo(200);
			assertThatThrownBy(() -> client.get("/b")).isInstanceOf(SocketTimeoutException.class);
			assertThat(client.connections()).isEqualTo(1);
		}
		assertThat(this.requests).hasSize(2);
	}

	@Test
	void noBodyIsReadForA204OrA304AndLists() throws Exception {
		start("HTTP/1.1 204 \r\nContent-Length: 99\r\n\r\n", "HTTP/1.1 304 \r\nTransfer-Encoding: chunked\r\n\r\n",
				"HTTP/1.1 200 \r\nTransfer-Encoding: gzip, chunked\r\nConnection: keep-alive, close\r\n\r\n"
						+ "2\r\n{}\r\n0\r\n\r\n",
				ok("{}"));
		try (KeepAliveClient client = new KeepAliveClient(base(), Duration.ofSeconds(5))) {
			assertThat(client.get("/a")).isEqualTo(204);
			assertThat(client.get("/b")).isEqualTo(304);
			assertThat(client.get("/c")).isEqualTo(200);
			assertThat(client.connections()).isEqualTo(1);
			assertThat(client.get("/d")).isEqualTo(200);
			assertThat(client.connections()).isEqualTo(2);
		}
	}

	private static String ok(String body) {
		return "HTTP/1.1 200 \r\nContent-Type: application/json\r\nContent-Length: "
				+ body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
	}

	private String base() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/**
	 * @param script answers in order; {@code null} closes the connection instead of
	 * answering the request read
	 */
	private void start(String... script) throws IOException {
		for (String answer : script) {
			this.answers.add((answer != null) ? answer : "");
		}
		this.server = new ServerSocket(0);
		Thread acceptor = new Thread(() -> {
			try {
				for (;;) {
					Socket socket = this.server.accept();
					this.accepted.incrementAndGet();
					this.open.add(socket);
					Thread connection = new Thread(() -> serve(socket));
					connection.setDaemon(true);
					connection.start();
				}
			}
			catch (IOException ex) {
				// stopped
			}
		});
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void serve(Socket socket) {
		try (socket) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			OutputStream out = socket.getOutputStream();
			for (;;) {
				List<String> request = new ArrayList<>();
				for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
					request.add(line);
				}
				if (request.isEmpty()) {
					return;
				}
				String answer = this.answers.poll();
				if (answer == null || answer.isEmpty()) {
					return;
				}
				this.requests.add(String.join("|", request));
				if (answer.equals("WAIT")) {
					// until the client goes
					while (in.read() >= 0) {
						// nothing to answer
					}
					return;
				}
				out.write(answer.getBytes(StandardCharsets.UTF_8));
				out.flush();
				if (answer.contains("close\r\n") || answer.contains("Content-Length: 10\r\n")) {
					return;
				}
			}
		}
		catch (IOException ex) {
			// the client went
		}
	}

}
