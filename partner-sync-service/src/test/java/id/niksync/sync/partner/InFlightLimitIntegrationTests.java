package id.niksync.sync.partner;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import id.niksync.sync.TestPartners.Partner;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One institution within its rate cannot take every server thread with bodies that never
 * finish: beyond {@code niksync.partner.max-in-flight} its requests are refused before
 * their bodies are read, and other institutions and operators are answered meanwhile.
 * Eight server threads here, so that the ten stalled requests would hold all of them.
 */
@SyncIntegrationTest
// A context of its own: closed when the class ends, not kept (with its broker,
// consumers and schedules running) until the whole suite ends.
@DirtiesContext
@TestPropertySource(properties = { "server.tomcat.threads.max=8", "niksync.partner.max-in-flight=4" })
class InFlightLimitIntegrationTests {

	private static final int STALLED = 10;

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@LocalServerPort
	int port;

	@Test
	void anInstitutionsStalledBodiesHoldAtMostItsLimitOfServerThreads() throws Exception {
		Partner bank = TestPartners.register(this.http, "BANK", 100);
		Partner bpjs = TestPartners.register(this.http, "BPJS", 100);
		List<Socket> stalled = new ArrayList<>();
		try {
			for (int i = 0; i < STALLED; i++) {
				Socket socket = new Socket("localhost", this.port);
				socket.getOutputStream()
					.write(("POST /partner/v1/verifications HTTP/1.1\r\nHost: localhost\r\nAuthorization: ApiKey "
							+ bank.key() + "\r\nX-Purpose: kyc\r\nContent-Type: application/json\r\n"
							+ "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"nik")
						.getBytes(StandardCharsets.ISO_8859_1));
				socket.getOutputStream().flush();
				stalled.add(socket);
			}
			List<String> answers = new ArrayList<>();
			for (Socket socket : stalled) {
				answers.add(firstLineOrNothing(socket));
			}
			assertThat(answers).filteredOn((line) -> line.startsWith("HTTP/1.1 429")).hasSize(STALLED - 4);
			assertThat(answers).filteredOn(String::isEmpty).hasSize(4);

			// four threads held by the bank's bodies, the others free
			assertThat(CompletableFuture
				.supplyAsync(() -> this.http.exchange("/partner/v1/residents/3511014506900951", HttpMethod.GET,
						new HttpEntity<>(TestPartners.headers(bpjs.key(), "kyc")), String.class))
				.get(10, TimeUnit.SECONDS)
				.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
			assertThat(CompletableFuture
				.supplyAsync(() -> TestOperators.asOperator(this.http).getForEntity("/ops/sync-status", String.class))
				.get(10, TimeUnit.SECONDS)
				.getStatusCode()).isEqualTo(HttpStatus.OK);
		}
		finally {
			for (Socket socket : stalled) {
				socket.close();
			}
		}
		assertThat(this.jdbc
			.sql("SELECT count(*) FROM partner_audit WHERE institution_id = ? AND outcome = 'TOO_MANY_IN_FLIGHT'"
					+ " AND http_status = 429")
			.param(bank.id())
			.query(Long.class)
			.single()).isEqualTo(STALLED - 4);
		// the held ones end with their connections: the bank is answered again
		await().atMost(java.time.Duration.ofSeconds(20))
			.until(() -> this.http
				.exchange("/partner/v1/residents/3511014506900951", HttpMethod.GET,
						new HttpEntity<>(TestPartners.headers(bank.key(), "kyc")), String.class)
				.getStatusCode() == HttpStatus.NOT_FOUND);
	}

	/** The answer's status line, or "" when none came within 2 s. */
	private static String firstLineOrNothing(Socket socket) throws Exception {
		socket.setSoTimeout(2000);
		InputStream in = socket.getInputStream();
		StringBuilder line = new StringBuilder();
		try {
			for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
				line.append((char) b);
			}
		}
		catch (SocketTimeoutException ex) {
			return "";
		}
		return line.toString();
	}

}
