package id.niksync.access;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathFirewallTests {

	/** Spring Security's firewall as it comes: the verdicts ours must give. */
	private static final StrictHttpFirewall SPRING = new StrictHttpFirewall();

	@Test
	void headerRulesGiveSpringSecuritysVerdictForEveryCharacter() {
		List<String> texts = new ArrayList<>();
		for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
			texts.add(new String(Character.toChars(c)));
		}
		// a lone surrogate of either kind inside text, and a pair split
		texts.add("a\uD83Db");
		texts.add("a\uDE00b");
		texts.add("\uDE00\uD83D");
		assertSameVerdicts(texts, this::springAllowsName, PathFirewall::assignedAndNoControl);
		assertSameVerdicts(texts, this::springAllowsValue, PathFirewall::assignedAndNoControlButTab);
	}

	@Test
	void headerRulesReadWholeValues() {
		List<String> texts = List.of("", "ApiKey nsk_abc_DEF-123", "text/html, */*; q=0.2", "a\tb", "a\rb", "a\nb",
				"a\u0000b", "café", "a\u0085b", "a\u00A0b", "a\u0378b", "grinning \uD83D\uDE00", "é\u007F");
		assertSameVerdicts(texts, this::springAllowsName, PathFirewall::assignedAndNoControl);
		assertSameVerdicts(texts, this::springAllowsValue, PathFirewall::assignedAndNoControlButTab);
		assertThat(PathFirewall.assignedAndNoControlButTab("a\tb")).isTrue();
		assertThat(PathFirewall.assignedAndNoControl("a\tb")).isFalse();
		assertThat(PathFirewall.assignedAndNoControlButTab("a\u0000b")).isFalse();
		assertThat(PathFirewall.assignedAndNoControlButTab("a\u0378b")).isFalse();
	}

	@Test
	void theFirewallStillRefusesControlsAndTakesATabInAValue() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/partner/v1/residents/3511014506900001");
		request.addHeader("X-Purpose", "a\u0085b");
		request.addHeader("X-Fine", "a\tb");
		request.addParameter("a\u0001", "1");
		FirewalledRequest firewalled = PathFirewall.strict().getFirewalledRequest(request);
		assertThat(firewalled.getHeader("X-Fine")).isEqualTo("a\tb");
		assertThatThrownBy(() -> firewalled.getHeader("X-Purpose")).isInstanceOf(RequestRejectedException.class);
		assertThatThrownBy(firewalled::getParameterMap).isInstanceOf(RequestRejectedException.class);
	}

	@Test
	void aQueryStringMustDecode() {
		assertThat(PathFirewall.decodes(null)).isTrue();
		assertThat(PathFirewall.decodes("size=5&nik=3511014506900001")).isTrue();
		assertThat(PathFirewall.decodes("reason=Nyoman%20Pradny%C4%81+x&a=%2B")).isTrue();
		for (String query : new String[] { "nik=3511014506900001%zz", "status=PENDING%", "size=5%2", "a=%C4",
				"a=%C0%AF", "a=%ED%A0%80", "a=%FF", "a=%%41" }) {
			assertThat(PathFirewall.decodes(query)).as(query).isFalse();
		}
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ops/dead-letters");
		request.setQueryString("status=PENDING%zz");
		assertThatThrownBy(() -> PathFirewall.strict().getFirewalledRequest(request))
			.isInstanceOf(RequestRejectedException.class);
	}

	private boolean springAllowsName(String name) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader(name, "value");
		return springAllows(request, name);
	}

	private boolean springAllowsValue(String value) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-Test", value);
		return springAllows(request, "X-Test");
	}

	private static boolean springAllows(MockHttpServletRequest request, String name) {
		try {
			SPRING.getFirewalledRequest(request).getHeader(name);
			return true;
		}
		catch (RequestRejectedException ex) {
			return false;
		}
	}

	private static void assertSameVerdicts(List<String> texts, Predicate<String> spring, Predicate<String> ours) {
		// a million code points: on every core (each check has its own request)
		List<String> different = texts.parallelStream()
			.filter((text) -> spring.test(text) != ours.test(text))
			.map((text) -> text.codePoints().mapToObj(Integer::toHexString).toList().toString())
			.toList();
		assertThat(different).isEmpty();
	}

}
