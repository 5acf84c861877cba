package id.niksync.sync.system;

import id.niksync.access.ClientAddresses;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Where the request this thread serves came from, for the audit trails: the address of
 * the connection ({@code getRemoteAddr()}). Behind a proxy that is the proxy's, unless
 * {@code server.forward-headers-strategy} is set to trust its {@code X-Forwarded-For}
 * (off by default: a client can write that header itself), cut to what the audits'
 * columns hold ({@link ClientAddresses}).
 */
public final class ClientAddress {

	private ClientAddress() {
	}

	/** The client's address, or {@code null} outside a request (a scheduled job). */
	public static String current() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? ClientAddresses.forRecord(attributes.getRequest().getRemoteAddr()) : null;
	}

}
