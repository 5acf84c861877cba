package id.niksync.access;

import java.io.ByteArrayOutputStream;

import id.niksync.schemas.StrictUtf8;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall that also refuses a request whose path holds any
 * percent-encoded character: {@code 400 REQUEST_REJECTED}, as for its other refusals.
 * Filters that tell routes apart by the path as sent ({@code /partner/} or {@code /ops/}
 * at its start: partner-sync's partner gate and API-key sign-in, the cross-site check,
 * the body limit) did not recognise {@code /%70artner/v1/residents/…}, which Spring MVC
 * and the authorization rules decode to a partner route: such a lookup skipped the
 * institution's rate limit, the purpose check and the audit of its refusals. No route of
 * either service takes an encoded path.
 * <p>
 * Header names and values, and parameter names, are held to the strict firewall's own
 * rule (assigned characters, no controls; a tab allowed in a value), checked by a loop
 * over the characters instead of its regular expressions: the same verdict for every
 * string ({@code PathFirewallTests}), and the firewall checks each header each time a
 * filter reads it, which took about 4 % of a partner lookup's request-thread CPU (JFR,
 * issue 16).
 * <p>
 * A query string must decode: every {@code %} followed by two hexadecimal digits, the
 * bytes they stand for UTF-8. Tomcat drops a parameter it cannot decode and goes on
 * without it, so {@code ?nik=3511…%zz} listed the audit of every NIK,
 * {@code ?status=PENDING%zz} every dead letter and a lookup's {@code ?minVersion=999%zz}
 * answered what the replica had instead of waiting for version 999 (attack run
 * 2026-12-06).
 */
public final class PathFirewall implements HttpFirewall {

	private final StrictHttpFirewall strict;

	private PathFirewall(StrictHttpFirewall strict) {
		this.strict = strict;
	}

	public static HttpFirewall strict() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		// the blocklist is checked against the path as sent
		firewall.getEncodedUrlBlocklist().add("%");
		firewall.setAllowedHeaderNames(PathFirewall::assignedAndNoControl);
		firewall.setAllowedHeaderValues(PathFirewall::assignedAndNoControlButTab);
		firewall.setAllowedParameterNames(PathFirewall::assignedAndNoControl);
		return new PathFirewall(firewall);
	}

	@Override
	public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
		if (!decodes(request.getQueryString())) {
			throw new RequestRejectedException("The query string does not decode (a malformed percent-encoding)");
		}
		return this.strict.getFirewalledRequest(request);
	}

	@Override
	public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
		return this.strict.getFirewalledResponse(response);
	}

	/**
	 * @return whether every {@code %} of {@code query} is followed by two hexadecimal
	 * digits and the bytes the query stands for are UTF-8
	 */
	static boolean decodes(String query) {
		if (query == null || query.indexOf('%') < 0) {
			return true;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			if (c == '%') {
				int high = (i + 2 < query.length()) ? Character.digit(query.charAt(i + 1), 16) : -1;
				int low = (high >= 0) ? Character.digit(query.charAt(i + 2), 16) : -1;
				if (low < 0 || query.charAt(i + 1) > 0x7F || query.charAt(i + 2) > 0x7F) {
					return false;
				}
				bytes.write(high * 16 + low);
				i += 2;
			}
			else if (c > 0x7F) {
				return false;
			}
			else {
				bytes.write(c);
			}
		}
		return StrictUtf8.decode(bytes.toByteArray()) != null;
	}

	/**
	 * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, the strict firewall's header name
	 * rule.
	 */
	static boolean assignedAndNoControl(String text) {
		return allowed(text, false);
	}

	/**
	 * {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}, the strict firewall's header
	 * value rule.
	 */
	static boolean assignedAndNoControlButTab(String text) {
		return allowed(text, true);
	}

	private static boolean allowed(String text, boolean tab) {
		for (int i = 0; i < text.length();) {
			int c = text.codePointAt(i);
			if (c < 0x20 || c > 0x7E) {
				int type = Character.getType(c);
				if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && c == '\t'))) {
					return false;
				}
			}
			i += Character.charCount(c);
		}
		return true;
	}

}
