package id.niksync.sync.system;

import java.io.IOException;
import java.util.Map;

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
		// what Spring Security's header filter wrote, nothing of ours
		RawHttp.Response ordinary = RawHttp.send(this.port, "GET", "/actuator/health");
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

		assertThat(ordinary.securityHeaders()).containsExactlyInAnyOrderEntriesOf(Map.of("x-content-type-options",
				"nosniff", "x-xss-protection", "0", "cache-control", "no-cache, no-store, max-age=0, must-revalidate",
				"pragma", "no-cache", "expires", "0", "x-frame-options", "DENY", "referrer-policy", "no-referrer"));
		assertThat(unauthenticated.status()).isEqualTo(401);
		assertThat(unauthenticated.securityHeaders()).isEqualTo(ordinary.securityHeaders());
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.securityHeaders()).isEqualTo(ordinary.securityHeaders());
		assertThat(firewall.status()).isEqualTo(400);
		assertThat(firewall.securityHeaders()).isEqualTo(ordinary.securityHeaders());
		assertThat(partnerFirewall.status()).isEqualTo(400);
		assertThat(partnerFirewall.securityHeaders()).isEqualTo(ordinary.securityHeaders());
		assertThat(tomcat.status()).isEqualTo(400);
		assertThat(tomcat.securityHeaders()).isEqualTo(ordinary.securityHeaders());
	}

}
