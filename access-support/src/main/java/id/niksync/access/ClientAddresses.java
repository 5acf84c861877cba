package id.niksync.access;

/**
 * A client address as the audit trails keep it: the address the connector reports, cut to
 * what their columns hold. Directly connected, that is an IP address (with an IPv6 zone,
 * up to about 50 characters); behind a proxy trusted with
 * {@code server.forward-headers-strategy}, it is what the proxy forwarded, which Tomcat
 * does not check: without a bound, a long one made every audited action and the sign-in
 * audit fail with a value too long for its column (review, 2026-12-06).
 */
public final class ClientAddresses {

	/** What every {@code client_address} column holds. */
	public static final int MAX_LENGTH = 100;

	private ClientAddresses() {
	}

	/**
	 * @return {@code address}, its first {@value #MAX_LENGTH} characters if longer, or
	 * {@code null}
	 */
	public static String forRecord(String address) {
		if (address == null || address.codePointCount(0, address.length()) <= MAX_LENGTH) {
			return address;
		}
		return address.substring(0, address.offsetByCodePoints(0, MAX_LENGTH));
	}

}
