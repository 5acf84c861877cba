package id.niksync.sync.system;

import java.io.IOException;
import java.util.Map;

import id.niksync.sync.SyncIntegrationTest;
import id.niksync.testsupport.RawHttp;
import id.niksync.testsupport.SecurityHeaderChecks;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers written where Spring Security's header writer does not run carry the same
 * security headers as the rest ({@code SecurityHeaders}): an operator's body refused for
 * its size before Spring Security's filters, a URL its firewall refuses (on an operator
 * route and on a partner route), a request Tomcat refuses before any servlet, and a
 * refusal written by {@code ProblemWriter}.
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
		RawHttp.Response tooLarge = RawHttp.exchangeHead(this.port,
				SecurityHeaderChecks.oversizedPost("/ops/institutions"));
		RawHttp.Response firewall = RawHttp.send(this.port, "GET", "/ops/sync-status;jsessionid=0123456789ABCDEF");
		RawHttp.Response partnerFirewall = RawHttp.send(this.port, "GET", "/%70artner/v1/residents/3511014506900998");
		RawHttp.Response tomcat = RawHttp.send(this.port, "GET", "/ops/sync-status%00");

		assertThat(unauthenticated.status()).isEqualTo(401);
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(firewall.status()).isEqualTo(400);
		assertThat(partnerFirewall.status()).isEqualTo(400);
		assertThat(tomcat.status()).isEqualTo(400);
		SecurityHeaderChecks.assertSameHeaders(ordinary, Map.of("401", unauthenticated, "413", tooLarge, "firewall",
				firewall, "partner route, firewall", partnerFirewall, "Tomcat", tomcat));
	}

}
