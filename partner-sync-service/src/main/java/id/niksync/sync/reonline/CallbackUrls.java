package id.niksync.sync.reonline;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * Checks a callback URL and resolves its host to addresses a callback may go to: HTTPS
 * (unless a test's transport says otherwise), a host, one of the allowed ports
 * ({@code niksync.reonline.callback-ports}: 443 and 8443 unless configured), no
 * credentials or fragment, and every address of the host public. The ports keep a partner
 * from having partner-sync knock on any port of any public host (SSH, a mail server, a
 * database) with its POSTs. Used when an institution sets its URL and again before each
 * delivery, since a name can change what it points to.
 */
final class CallbackUrls {

	static final int MAX_LENGTH = 2000;

	interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	private final Resolver resolver;

	private final Predicate<InetAddress> refused;

	private final String scheme;

	private final Set<Integer> ports;

	/**
	 * @param ports the ports a callback may go to; empty: any
	 */
	CallbackUrls(Resolver resolver, Predicate<InetAddress> refused, String scheme, Set<Integer> ports) {
		this.resolver = resolver;
		this.refused = refused;
		this.scheme = scheme;
		this.ports = new TreeSet<>(ports);
	}

	static CallbackUrls production(Set<Integer> ports) {
		return new CallbackUrls(InetAddress::getAllByName, CallbackAddresses::refused, "https", ports);
	}

	/**
	 * @return the URL and the addresses to connect to
	 * @throws RefusedException when the URL may not be called
	 */
	Target check(String url) {
		if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
			throw new RefusedException("url is required, at most " + MAX_LENGTH + " characters");
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw new RefusedException("url is not a URL");
		}
		if (!this.scheme.equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
				|| uri.getRawFragment() != null || uri.getPort() == 0) {
			throw new RefusedException("url must be " + this.scheme + "://host[:port]/path, without credentials");
		}
		int port = Target.port(uri);
		if (!this.ports.isEmpty() && !this.ports.contains(port)) {
			throw new RefusedException("url's port must be one of "
					+ this.ports.stream().map(String::valueOf).collect(Collectors.joining(", ")));
		}
		String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
				: uri.getHost();
		if (host.indexOf('%') >= 0) {
			// an IPv6 zone (fe80::1%eth0) names this host's own interface
			throw new RefusedException("url's host may not name a network interface (%zone)");
		}
		InetAddress[] addresses;
		try {
			addresses = this.resolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			throw new RefusedException("url's host cannot be resolved");
		}
		if (addresses.length == 0) {
			throw new RefusedException("url's host cannot be resolved");
		}
		for (InetAddress address : addresses) {
			if (this.refused.test(address)) {
				throw new RefusedException(
						"url's host resolves to a loopback, private, link-local, multicast or reserved address");
			}
		}
		return new Target(uri, host, List.of(addresses));
	}

	/**
	 * A callback URL that may be called.
	 *
	 * @param host the host, without IPv6 brackets
	 * @param addresses every address it resolved to, each one allowed
	 */
	record Target(URI uri, String host, List<InetAddress> addresses) {

		int port() {
			return port(this.uri);
		}

		static int port(URI uri) {
			return (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
		}

		String pathAndQuery() {
			String path = (this.uri.getRawPath() == null || this.uri.getRawPath().isEmpty()) ? "/"
					: this.uri.getRawPath();
			return (this.uri.getRawQuery() != null) ? path + "?" + this.uri.getRawQuery() : path;
		}

	}

	/** 400: the callback URL may not be called. */
	static class RefusedException extends CodedProblemException {

		RefusedException(String detail) {
			super(HttpStatus.BAD_REQUEST, "CALLBACK_URL_REFUSED", detail);
		}

	}

}
