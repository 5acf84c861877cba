package id.niksync.sync.access;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/**
 * The API key a request presents ({@code Authorization: ApiKey <key>}), whether or not it
 * opens anything.
 */
public final class PresentedApiKey {

	private PresentedApiKey() {
	}

	/**
	 * Whether the request is on a partner route ({@code /partner} or under
	 * {@code /partner/}, as sent): the routes that ask for a key, and whose every answer
	 * the partner audit records.
	 */
	public static boolean isPartnerRoute(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String partner = request.getContextPath() + "/partner";
		return uri.startsWith(partner) && (uri.length() == partner.length() || uri.charAt(partner.length()) == '/');
	}

	/** The key, or {@code null} when the request has no ApiKey authorization. */
	static String of(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		String scheme = ApiKeyAuthenticationFilter.SCHEME + " ";
		return (header != null && header.regionMatches(true, 0, scheme, 0, scheme.length()))
				? header.substring(scheme.length()) : null;
	}

	/**
	 * The key id of a well-formed presented key, known or not, revoked or not: the audit
	 * records it (it is not secret, and shows which key a refused caller tried). The
	 * secret never leaves this method.
	 */
	public static String keyIdOf(HttpServletRequest request) {
		return ApiKeyFormat.parse(of(request)).map(ApiKeyFormat.Presented::keyId).orElse(null);
	}

}
