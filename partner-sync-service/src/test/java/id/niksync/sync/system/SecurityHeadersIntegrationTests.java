package id.niksync.sync.system;

import java.io.IOException;

import id.niksync.sync.SyncIntegrationTest;
import id.niksync.testsupport.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers written where Spring Security's header writer does not run carry the same
 * security headers as the rest ({@code SecurityHeaders}): an operator's body refused for
 * its size before Spring Security's filters, a URL its firewall refuses (on an operator
 * route and on a partner route), a request Tomcat refuses before any servlet.
 */
@SyncIntegrationTest
class SecurityHeadersIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void answersWrittenBeforeSpringSecurityCarryItsHeaders() throws IOException {
		RawHttp.Response unauthenticated = RawHttp.send(this.port, "GET", "/ops/sync-status");
		RawHttp.Response tooLarge = RawHttp.exchangeHead(this.port, """
				POST /ops/institutions HTTP/1.1\r
				Host: localhost\r
				Content-Type: application/json\r
				Content-Length: 88080384\r
				Connection: close\r
				\r
				""");
		RawHttp.Response firewall = RawHttp.send(this.port, "GET", "/ops/sync-status;jsessionid=0123456789ABCDEF");
		RawHttp.Response partnerFirewall = RawHttp.send(this.port, "GET", "/%70artner/v1/residents/3511014506900998");
		RawHttp.Response tomcat = RawHttp.send(this.port, "GET", "/ops/sync-status%00");

		assertThat(unauthenticated.status()).isEqualTo(401);
		// Spring Security's own, all seven
		assertThat(unauthenticated.securityHeaders()).hasSize(7);
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.securityHeaders()).isEqualTo(unauthenticated.securityHeaders());
		assertThat(firewall.status()).isEqualTo(400);
		assertThat(firewall.securityHeaders()).isEqualTo(unauthenticated.securityHeaders());
		assertThat(partnerFirewall.status()).isEqualTo(400);
		assertThat(partnerFirewall.securityHeaders()).isEqualTo(unauthenticated.securityHeaders());
		assertThat(tomcat.status()).isEqualTo(400);
		assertThat(tomcat.securityHeaders()).isEqualTo(unauthenticated.securityHeaders());
	}

}
