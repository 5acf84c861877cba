package id.niksync.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * One HTTP/1.1 keep-alive connection for one partner client of the lookup phase: GETs
 * written straight to a socket, answers read to their end and discarded. The load
 * generator shares the 2 cores with the services it measures, so its own CPU per request
 * is CPU the services lose: with {@link java.net.HttpURLConnection} the harness spent
 * 0.08 ms per lookup in the closed loop and 0.12 at 2,000/s offered (run 14:36 of
 * 2026-12-03, {@code benchmark-harness} CPU), 40 % of what the partner service itself
 * spent; and its keep-alive cache holds at most 5 idle connections per server
 * ({@code http.maxConnections}), so 16 clients idle between turns of the open loop had
 * theirs closed and opened again. This sends the request line and headers a partner
 * would, on a connection of its own for as long as the server keeps it.
 * <p>
 * Not a general client: GET only, no redirects, no TLS, no interim (1xx) answers. Reads
 * bodies announced by {@code Content-Length} or sent chunked; reconnects when the server
 * closes (Tomcat closes a connection after 100 requests); sends again once when a kept
 * connection turns out closed before any answer came back (never after a timeout); closes
 * the connection on any failure. Not thread-safe.
 */
final class KeepAliveClient implements AutoCloseable {

	private static final int MAX_LINE = 8192;

	private final String host;

	private final int port;

	private final int timeoutMillis;

	private final byte[] fixedHeaders;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	private int connections;

	/**
	 * @param base {@code http://host:port}
	 * @param headers name, value, name, value … sent with every request
	 */
	KeepAliveClient(String base, Duration timeout, String... headers) {
		URI uri = URI.create(base);
		if (!"http".equals(uri.getScheme()) || uri.getPort() < 0) {
			throw new IllegalArgumentException("http://host:port expected: " + base);
		}
		this.host = uri.getHost();
		this.port = uri.getPort();
		this.timeoutMillis = (int) timeout.toMillis();
		StringBuilder fixed = new StringBuilder().append("Host: ")
			.append(this.host)
			.append(':')
			.append(this.port)
			.append("\r\nAccept: application/json\r\n");
		for (int i = 0; i + 1 < headers.length; i += 2) {
			fixed.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		this.fixedHeaders = fixed.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * @param path with its query, if any, as sent
	 * @return the answer's status; its body is read and dropped
	 */
	int get(String path) throws IOException {
		boolean reused = this.socket != null;
		try {
			return exchange(path);
		}
		catch (NotAnswered ex) {
			close();
			if (!reused) {
				throw ex;
			}
			// closed by the server while idle: once more, on a new connection
			return exchangeOrClose(path);
		}
		catch (IOException | RuntimeException ex) {
			// a connection left inside an answer would read it as the next one's
			close();
			throw ex;
		}
	}

	/** Opens the connection now, if it is not open. */
	void connect() throws IOException {
		if (this.socket != null) {
			return;
		}
		Socket connection = new Socket();
		try {
			connection.setTcpNoDelay(true);
			connection.connect(new InetSocketAddress(this.host, this.port), 5_000);
			connection.setSoTimeout(this.timeoutMillis);
		}
		catch (IOException ex) {
			connection.close();
			throw ex;
		}
		this.socket = connection;
		this.in = new BufferedInputStream(connection.getInputStream(), 16 * 1024);
		this.out = new BufferedOutputStream(connection.getOutputStream(), 4 * 1024);
		this.connections++;
	}

	/** How many connections this client has opened (reconnections included). */
	int connections() {
		return this.connections;
	}

	private int exchangeOrClose(String path) throws IOException {
		try {
			return exchange(path);
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private int exchange(String path) throws IOException {
		connect();
		try {
			this.out.write(("GET " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
			this.out.write(this.fixedHeaders);
			this.out.flush();
		}
		catch (IOException ex) {
			throw new NotAnswered(ex);
		}
		int first;
		try {
			first = this.in.read();
		}
		catch (SocketException ex) {
			// reset: the server had closed it (a timeout is no such thing: not sent
			// again)
			throw new NotAnswered(ex);
		}
		if (first < 0) {
			throw new NotAnswered(new EOFException("connection closed before an answer"));
		}
		String status = (char) first + line();
		if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
			close();
			throw new IOException("not an HTTP/1.1 status line: " + status);
		}
		int code = Integer.parseInt(status.substring(9, 12));
		long length = -1;
		boolean chunked = false;
		boolean closes = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			int colon = header.indexOf(':');
			if (colon <= 0) {
				continue;
			}
			String name = header.substring(0, colon).trim();
			String value = header.substring(colon + 1).trim();
			if (name.equalsIgnoreCase("Content-Length")) {
				length = Long.parseLong(value);
			}
			else if (name.equalsIgnoreCase("Transfer-Encoding")) {
				// the last coding decides: "gzip, chunked" is chunked
				String[] codings = value.split(",");
				chunked = codings[codings.length - 1].trim().equalsIgnoreCase("chunked");
			}
			else if (name.equalsIgnoreCase("Connection")) {
				closes = closes || Arrays.stream(value.split(",")).anyMatch((o) -> o.trim().equalsIgnoreCase("close"));
			}
		}
		if (code / 100 == 1 || code == 204 || code == 304) {
			// no body, whatever the headers say (an interim 1xx is not expected here)
			length = 0;
			chunked = false;
		}
		if (chunked) {
			for (long size = chunkSize(); size > 0; size = chunkSize()) {
				skip(size);
				line();
			}
			// trailers, up to the empty line
			while (!line().isEmpty()) {
				// dropped
			}
		}
		else if (length >= 0) {
			skip(length);
		}
		else {
			// no length: the body ends with the connection
			closes = true;
			this.in.transferTo(OutputStream.nullOutputStream());
		}
		if (closes) {
			close();
		}
		return code;
	}

	private long chunkSize() throws IOException {
		String size = line();
		int extension = size.indexOf(';');
		return Long.parseLong((extension >= 0) ? size.substring(0, extension).trim() : size.trim(), 16);
	}

	private void skip(long bytes) throws IOException {
		long left = bytes;
		while (left > 0) {
			long skipped = this.in.skip(left);
			if (skipped <= 0) {
				if (this.in.read() < 0) {
					close();
					throw new EOFException("connection closed inside a body");
				}
				skipped = 1;
			}
			left -= skipped;
		}
	}

	/** One line without its CRLF. */
	private String line() throws IOException {
		StringBuilder line = new StringBuilder(64);
		for (;;) {
			int c = this.in.read();
			if (c < 0) {
				close();
				throw new EOFException("connection closed inside an answer");
			}
			if (c == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			if (line.length() >= MAX_LINE) {
				close();
				throw new IOException("line longer than " + MAX_LINE);
			}
			line.append((char) c);
		}
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
			this.socket = null;
			this.in = null;
			this.out = null;
		}
	}

	/**
	 * The request went out on a connection the server had closed: nothing was answered.
	 */
	private static final class NotAnswered extends IOException {

		NotAnswered(IOException cause) {
			super(cause.getMessage(), cause);
		}

	}

}
