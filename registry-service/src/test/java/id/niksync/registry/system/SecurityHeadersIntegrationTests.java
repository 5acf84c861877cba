package id.niksync.registry.system;

import java.io.IOException;
import java.util.Map;

import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.testsupport.RawHttp;
import id.niksync.testsupport.SecurityHeaderChecks;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers written where Spring Security's header writer does not run carry the same
 * security headers as the rest ({@code SecurityHeaders}): a body refused for its size
 * before Spring Security's filters, a URL its firewall refuses, a request Tomcat refuses
 * before any servlet, and a refusal written by {@code ProblemWriter}.
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
		RawHttp.Response tooLarge = RawHttp.exchangeHead(this.port,
				SecurityHeaderChecks.oversizedPost("/api/v1/residents"));
		RawHttp.Response firewall = RawHttp.send(this.port, "GET", "/api/v1/residents;jsessionid=0123456789ABCDEF");
		RawHttp.Response tomcat = RawHttp.send(this.port, "GET", "/api/v1/residents/a%00b");

		assertThat(unauthenticated.status()).isEqualTo(401);
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(firewall.status()).isEqualTo(400);
		assertThat(tomcat.status()).isEqualTo(400);
		SecurityHeaderChecks.assertSameHeaders(ordinary,
				Map.of("401", unauthenticated, "413", tooLarge, "firewall", firewall, "Tomcat", tomcat));
	}

}
