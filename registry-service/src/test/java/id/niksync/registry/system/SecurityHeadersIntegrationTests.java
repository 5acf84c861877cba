package id.niksync.registry.system;

import java.io.IOException;
import java.util.Map;

import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.testsupport.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers written where Spring Security's header writer does not run carry the same
 * security headers as the rest ({@code SecurityHeaders}): a body refused for its size
 * before Spring Security's filters, a URL its firewall refuses, a request Tomcat refuses
 * before any servlet.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class SecurityHeadersIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void answersWrittenBeforeSpringSecurityCarryItsHeaders() throws IOException {
		// what Spring Security's header filter wrote, nothing of ours
		RawHttp.Response ordinary = RawHttp.send(this.port, "GET", "/actuator/health");
		RawHttp.Response unauthenticated = RawHttp.send(this.port, "GET", "/api/v1/residents/3511094506900903");
		RawHttp.Response tooLarge = RawHttp.exchangeHead(this.port, """
				POST /api/v1/residents HTTP/1.1\r
				Host: localhost\r
				Content-Type: application/json\r
				Content-Length: 88080384\r
				Connection: close\r
				\r
				""");
		RawHttp.Response firewall = RawHttp.send(this.port, "GET", "/api/v1/residents;jsessionid=0123456789ABCDEF");
		RawHttp.Response tomcat = RawHttp.send(this.port, "GET", "/api/v1/residents/a%00b");

		assertThat(ordinary.securityHeaders()).containsExactlyInAnyOrderEntriesOf(Map.of("x-content-type-options",
				"nosniff", "x-xss-protection", "0", "cache-control", "no-cache, no-store, max-age=0, must-revalidate",
				"pragma", "no-cache", "expires", "0", "x-frame-options", "DENY", "referrer-policy", "no-referrer"));
		assertThat(unauthenticated.status()).isEqualTo(401);
		assertThat(unauthenticated.securityHeaders()).isEqualTo(ordinary.securityHeaders());
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.securityHeaders()).isEqualTo(ordinary.securityHeaders());
		assertThat(firewall.status()).isEqualTo(400);
		assertThat(firewall.securityHeaders()).isEqualTo(ordinary.securityHeaders());
		assertThat(tomcat.status()).isEqualTo(400);
		assertThat(tomcat.securityHeaders()).isEqualTo(ordinary.securityHeaders());
	}

}
