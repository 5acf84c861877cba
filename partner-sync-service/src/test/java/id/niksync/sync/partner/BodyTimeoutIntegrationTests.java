package id.niksync.sync.partner;

import java.util.List;

import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestPartners;
import id.niksync.sync.TestPartners.Partner;
import id.niksync.testsupport.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunked body that stops arriving is answered 408 by Tomcat at the read timeout; its
 * audit row says so too (it said 400 {@code MALFORMED_REQUEST}).
 */
@SyncIntegrationTest
// A context of its own: closed when the class ends, not kept (with its broker,
// consumers and schedules running) until the whole suite ends.
@DirtiesContext
@TestPropertySource(properties = "server.tomcat.connection-timeout=1500ms")
class BodyTimeoutIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@LocalServerPort
	int port;

	/**
	 * Chunked or with a {@code Content-Length}: the body with a length was audited
	 * {@code HTTP_408} while it was answered {@code REQUEST_TIMEOUT} (attack run
	 * 2026-12-06).
	 */
	@Test
	void aBodyThatStopsArrivingIsAuditedAsTheTimeoutItIsAnswered() throws Exception {
		for (String framing : List.of("Transfer-Encoding: chunked\r\n\r\n5\r\n{\"nik",
				"Content-Length: 60\r\n\r\n{\"nik")) {
			Partner bank = TestPartners.register(this.http, "BANK", 10);

			RawHttp.Response stalled = RawHttp.exchange(this.port,
					"POST /partner/v1/verifications HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
							+ "Authorization: ApiKey " + bank.key() + "\r\nX-Purpose: kyc\r\n"
							+ "Content-Type: application/json\r\n" + framing);

			assertThat(stalled.status()).as(framing).isEqualTo(408);
			assertThat(stalled.body()).contains("\"code\":\"REQUEST_TIMEOUT\"");
			assertThat(this.jdbc
				.sql("SELECT outcome || ' ' || http_status FROM partner_audit WHERE institution_id = ? ORDER BY id")
				.param(bank.id())
				.query(String.class)
				.list()).as(framing).containsExactly("REQUEST_TIMEOUT 408");
		}
	}

}
