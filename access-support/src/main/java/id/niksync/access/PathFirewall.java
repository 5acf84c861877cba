package id.niksync.access;

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
 */
public final class PathFirewall {

	private PathFirewall() {
	}

	public static StrictHttpFirewall strict() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		// the blocklist is checked against the path as sent
		firewall.getEncodedUrlBlocklist().add("%");
		firewall.setAllowedHeaderNames(PathFirewall::assignedAndNoControl);
		firewall.setAllowedHeaderValues(PathFirewall::assignedAndNoControlButTab);
		firewall.setAllowedParameterNames(PathFirewall::assignedAndNoControl);
		return firewall;
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
