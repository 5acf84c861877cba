package id.niksync.registry.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.registry.TestAccounts;
import id.niksync.testsupport.Residents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies over 1 MB (4 MB for a batch) are refused before they are parsed: announced ones
 * without being read, chunked ones as soon as the count passes the limit.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class RequestBodyLimitIntegrationTests {

	private static final int MB = 1024 * 1024;

	@Autowired
	TestRestTemplate http;

	@Autowired
	ObjectMapper json;

	@LocalServerPort
	int port;

	@Test
	void refusesAnAnnouncedOversizedBodyWithoutReadingIt() throws IOException {
		// Only the headers are sent: a server that waited for the 84 MB would time out.
		Answer single = exchange("POST /api/v1/residents", "Content-Length: " + 84 * MB, new byte[0]);
		Answer batch = exchange("POST /api/v1/residents/batch", "Content-Length: " + (4 * MB + 1), new byte[0]);

		assertThat(single.status()).isEqualTo(413);
		assertThat(single.body().get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
		assertThat(single.body().get("maxBytes").asLong()).isEqualTo(MB);
		assertThat(batch.status()).isEqualTo(413);
		assertThat(batch.body().get("maxBytes").asLong()).isEqualTo(4 * MB);
	}

	/**
	 * A client that asks before sending ({@code Expect: 100-continue}) is answered 413
	 * and never invited to send what will be refused; one whose body fits is invited once
	 * the service reads it.
	 */
	@Test
	void asksForNoBodyItWillRefuse() throws IOException {
		Answer refused = exchange("POST /api/v1/residents", "Content-Length: " + 84 * MB + "\r\nExpect: 100-continue",
				new byte[0]);
		assertThat(refused.status()).as("not 100 Continue first").isEqualTo(413);

		byte[] fits = this.json.writeValueAsBytes(Residents.siti("3511014506900032").toMap());
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
			OutputStream out = socket.getOutputStream();
			String authorization = Base64.getEncoder()
				.encodeToString((TestAccounts.ALL + ":" + TestAccounts.PASSWORD).getBytes(StandardCharsets.UTF_8));
			out.write(("POST /api/v1/residents HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Authorization: Basic " + authorization + "\r\nConnection: close\r\nExpect: 100-continue\r\n"
					+ "Content-Length: " + fits.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			assertThat(Answer.line(in)).startsWith("HTTP/1.1 100");
			assertThat(Answer.line(in)).isEmpty();
			out.write(fits);
			out.flush();
			assertThat(Answer.read(in, this.json).status()).isEqualTo(201);
		}
	}

	@Test
	void countsAChunkedBodyAndRefusesItOnceItPassesTheLimit() throws IOException {
		byte[] tooLarge = ("{\"fullName\":\"" + "x".repeat(MB + 10) + "\"}").getBytes(StandardCharsets.UTF_8);
		byte[] fits = this.json.writeValueAsBytes(Residents.siti("3511014506900031").toMap());

		Answer refused = exchange("POST /api/v1/residents", "Transfer-Encoding: chunked", tooLarge);
		Answer registered = exchange("POST /api/v1/residents", "Transfer-Encoding: chunked", fits);

		assertThat(refused.status()).isEqualTo(413);
		assertThat(refused.body().get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
		assertThat(refused.body().get("instance").asText()).isEqualTo("/api/v1/residents");
		assertThat(registered.status()).as("a chunked body under the limit reads as before").isEqualTo(201);
	}

	@Test
	void givesTheBatchRouteItsLargerLimit() {
		// 1.5 MB of whitespace around an empty batch: parsed (and refused as empty) on
		// the
		// batch route, too large anywhere else.
		String body = "{\"residents\":[" + " ".repeat(3 * MB / 2) + "]}";

		ResponseEntity<JsonNode> batch = post("/api/v1/residents/batch", body);
		ResponseEntity<JsonNode> single = post("/api/v1/residents", body);

		assertThat(batch.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(batch.getBody().get("code").asText()).isEqualTo("BATCH_EMPTY");
		assertThat(single.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
		assertThat(single.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private ResponseEntity<JsonNode> post(String path, String body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return this.http.postForEntity(path, new HttpEntity<>(body, headers), JsonNode.class);
	}

	/**
	 * One request on its own connection, written by hand: a client library would insist
	 * on sending the body it announced.
	 */
	private Answer exchange(String requestLine, String framing, byte[] body) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
			OutputStream out = socket.getOutputStream();
			String authorization = Base64.getEncoder()
				.encodeToString((TestAccounts.ALL + ":" + TestAccounts.PASSWORD).getBytes(StandardCharsets.UTF_8));
			out.write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Authorization: Basic " + authorization + "\r\nConnection: close\r\n" + framing + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			if (framing.startsWith("Transfer-Encoding")) {
				for (int offset = 0; offset < body.length; offset += 64 * 1024) {
					int length = Math.min(64 * 1024, body.length - offset);
					out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					out.write(body, offset, length);
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
				}
				out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			out.flush();
			return Answer.read(socket.getInputStream(), this.json);
		}
	}

	private record Answer(int status, JsonNode body) {

		/** Reads one response, without waiting for the connection to close. */
		static Answer read(InputStream in, ObjectMapper json) throws IOException {
			String head = line(in);
			int status = Integer.parseInt(head.substring(9, 12));
			long length = -1;
			boolean chunked = false;
			for (String header = line(in); !header.isEmpty(); header = line(in)) {
				String name = header.substring(0, header.indexOf(':')).trim().toLowerCase();
				String value = header.substring(header.indexOf(':') + 1).trim();
				if (name.equals("content-length")) {
					length = Long.parseLong(value);
				}
				chunked |= name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked");
			}
			byte[] body;
			if (chunked) {
				ByteArrayOutputStream content = new ByteArrayOutputStream();
				for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
					content.write(in.readNBytes(size));
					line(in);
				}
				body = content.toByteArray();
			}
			else {
				body = in.readNBytes((int) length);
			}
			return new Answer(status, json.readTree(body));
		}

		private static String line(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			for (int b = in.read(); b != '\n'; b = in.read()) {
				if (b < 0) {
					throw new IOException("connection closed mid-response");
				}
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

	}

}
