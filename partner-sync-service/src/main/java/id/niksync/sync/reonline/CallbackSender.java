package id.niksync.sync.reonline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Posts one signed callback. The host is resolved and every address checked
 * ({@link CallbackUrls}); the connection goes to a checked address (TLS still verifies
 * the certificate against the host name), so there is no second lookup to trick. The
 * request is written by hand, one HTTP/1.1 POST with {@code Connection: close}, and only
 * the status line is read: redirects are never followed, since nothing here follows them.
 * <p>
 * The signature header is {@code X-NikSync-Signature: t=<unix seconds>,v1=<hex>}, the
 * HMAC-SHA256 with the institution's secret of {@code <t>.<body>}: the receiver checks it
 * and that {@code t} is recent, so a callback cannot be forged or replayed later.
 */
final class CallbackSender {

	static final String SIGNATURE_HEADER = "X-NikSync-Signature";

	static final String REQUEST_HEADER = "X-NikSync-Request-Id";

	/** Opens a connection to one checked address. */
	interface Transport {

		Socket open(InetSocketAddress address, String host, Duration timeout) throws IOException;

	}

	private final CallbackUrls urls;

	private final Transport transport;

	private final Duration timeout;

	private final Clock clock;

	CallbackSender(CallbackUrls urls, Transport transport, Duration timeout, Clock clock) {
		this.urls = urls;
		this.transport = transport;
		this.timeout = timeout;
		this.clock = clock;
	}

	/**
	 * HTTPS to what {@code urls} allows (public addresses only): what production sends
	 * with.
	 */
	static CallbackSender https(CallbackUrls urls, Duration timeout, Clock clock) {
		return new CallbackSender(urls, CallbackSender::tls, timeout, clock);
	}

	/**
	 * @return the status the receiver answered
	 * @throws CallbackUrls.RefusedException when the URL may not be called (now)
	 * @throws IOException when it could not be reached or did not answer in time
	 */
	int send(String url, String requestId, byte[] body, String secret) throws IOException {
		CallbackUrls.Target target = this.urls.check(url);
		IOException last = null;
		for (InetAddress address : target.addresses()) {
			try (Socket socket = this.transport.open(new InetSocketAddress(address, target.port()), target.host(),
					this.timeout)) {
				socket.setSoTimeout((int) this.timeout.toMillis());
				return post(socket, target, requestId, body, secret);
			}
			catch (IOException ex) {
				last = ex;
			}
		}
		throw last;
	}

	private int post(Socket socket, CallbackUrls.Target target, String requestId, byte[] body, String secret)
			throws IOException {
		long now = this.clock.instant().getEpochSecond();
		String hostHeader = (target.host().contains(":") ? "[" + target.host() + "]" : target.host())
				+ ((target.uri().getPort() != -1) ? ":" + target.uri().getPort() : "");
		String head = "POST " + target.pathAndQuery() + " HTTP/1.1\r\n" + "Host: " + hostHeader + "\r\n"
				+ "User-Agent: niksync-partner-sync\r\n" + "Content-Type: application/json\r\n" + "Content-Length: "
				+ body.length + "\r\n" + REQUEST_HEADER + ": " + requestId + "\r\n" + SIGNATURE_HEADER + ": t=" + now
				+ ",v1=" + sign(secret, now, body) + "\r\n" + "Connection: close\r\n\r\n";
		OutputStream out = socket.getOutputStream();
		out.write(head.getBytes(StandardCharsets.US_ASCII));
		out.write(body);
		out.flush();
		String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
			.readLine();
		if (status == null || !status.startsWith("HTTP/1.") || status.length() < 12) {
			throw new IOException("The callback receiver answered no HTTP status line");
		}
		try {
			return Integer.parseInt(status.substring(9, 12));
		}
		catch (NumberFormatException ex) {
			throw new IOException("The callback receiver answered no HTTP status");
		}
	}

	/** The hex HMAC-SHA256 of {@code <t>.<body>} with the secret. */
	static String sign(String secret, long epochSeconds, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	private static Socket tls(InetSocketAddress address, String host, Duration timeout) throws IOException {
		Socket plain = new Socket();
		try {
			plain.connect(address, (int) timeout.toMillis());
			plain.setSoTimeout((int) timeout.toMillis());
			SSLSocket tls = (SSLSocket) SSLContext.getDefault()
				.getSocketFactory()
				.createSocket(plain, host, address.getPort(), true);
			SSLParameters parameters = tls.getSSLParameters();
			// The certificate must be the host's, though we connect to an address.
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			if (!host.contains(":") && !host.matches("[0-9.]+")) {
				parameters.setServerNames(List.of(new SNIHostName(host)));
			}
			tls.setSSLParameters(parameters);
			tls.startHandshake();
			return tls;
		}
		catch (IOException | RuntimeException ex) {
			plain.close();
			throw ex;
		}
		catch (NoSuchAlgorithmException ex) {
			plain.close();
			throw new IOException("No TLS available", ex);
		}
	}

}
