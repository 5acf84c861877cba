package id.niksync.access;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityHeadersTests {

	@Test
	void strictTransportSecurityGoesOnlyOnAnAnswerOverTls() {
		MockHttpServletRequest plain = new MockHttpServletRequest("GET", "/ops/sync-status");
		MockHttpServletRequest tls = new MockHttpServletRequest("GET", "/ops/sync-status");
		tls.setSecure(true);
		MockHttpServletResponse overPlain = new MockHttpServletResponse();
		MockHttpServletResponse overTls = new MockHttpServletResponse();

		SecurityHeaders.addMissing(plain, overPlain);
		SecurityHeaders.addMissing(tls, overTls);

		assertThat(overPlain.getHeader("Strict-Transport-Security")).isNull();
		assertThat(overTls.getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000 ; includeSubDomains");
		assertThat(overPlain.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void leavesAHeaderAlreadySetAsItIs() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("X-Frame-Options", "SAMEORIGIN");

		SecurityHeaders.addMissing(new MockHttpServletRequest("GET", "/ops/"), response);

		assertThat(response.getHeaders("Cache-Control")).containsExactly("no-store");
		assertThat(response.getHeader("Pragma")).isNull();
		assertThat(response.getHeaders("X-Frame-Options")).containsExactly("SAMEORIGIN");
		assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
	}

}
