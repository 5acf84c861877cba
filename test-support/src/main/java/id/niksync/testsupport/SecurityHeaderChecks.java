package id.niksync.testsupport;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What both services' SecurityHeadersIntegrationTests hold. */
public final class SecurityHeaderChecks {

	/**
	 * Spring Security's default headers and {@code Referrer-Policy: no-referrer}, by
	 * lower-case name (Strict-Transport-Security aside: tests speak plain HTTP).
	 */
	public static final Map<String, String> EXPECTED = Map.of("x-content-type-options", "nosniff", "x-xss-protection",
			"0", "cache-control", "no-cache, no-store, max-age=0, must-revalidate", "pragma", "no-cache", "expires",
			"0", "x-frame-options", "DENY", "referrer-policy", "no-referrer");

	private SecurityHeaderChecks() {
	}

	/**
	 * A {@code POST} announcing an 84 MB JSON body and sending none of it: over every
	 * body limit, for {@link RawHttp#exchangeHead}.
	 */
	public static String oversizedPost(String path) {
		return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 88080384\r\nConnection: close\r\n\r\n";
	}

	/**
	 * @param ordinary an answer whose headers Spring Security's header filter wrote: the
	 * {@link #EXPECTED} ones
	 * @param answers the others, by what they are: the same
	 */
	public static void assertSameHeaders(RawHttp.Response ordinary, Map<String, RawHttp.Response> answers) {
		assertThat(securityHeaders(ordinary)).as("Spring Security's").containsExactlyInAnyOrderEntriesOf(EXPECTED);
		answers.forEach(
				(what, answer) -> assertThat(securityHeaders(answer)).as(what).isEqualTo(securityHeaders(ordinary)));
	}

	/** Those of {@link #EXPECTED}'s headers the answer has, with its values. */
	private static Map<String, String> securityHeaders(RawHttp.Response answer) {
		Map<String, String> present = new HashMap<>();
		for (String name : EXPECTED.keySet()) {
			if (answer.header(name) != null) {
				present.put(name, answer.header(name));
			}
		}
		return present;
	}

}
