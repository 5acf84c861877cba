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
 */
public final class PathFirewall {

	private PathFirewall() {
	}

	public static StrictHttpFirewall strict() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		// the blocklist is checked against the path as sent
		firewall.getEncodedUrlBlocklist().add("%");
		return firewall;
	}

}
