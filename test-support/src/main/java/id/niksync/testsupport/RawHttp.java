package id.niksync.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, the request target sent byte for byte: HTTP clients
 * normalise or refuse what a test of malformed requests must send ({@code %zz},
 * {@code |}, {@code ..}).
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * @param target sent as it is, e.g. {@code /ops/a%00b}
	 * @param headers extra header lines, e.g. {@code Accept: text/html}
	 */
	public static Response send(int port, String method, String target, String... headers) throws IOException {
		return send(port, method, target, null, headers);
	}

	/**
	 * @param body sent with its {@code Content-Length}, {@code null} for none
	 */
	public static Response sendBody(int port, String method, String target, String body, String... headers)
			throws IOException {
		return send(port, method, target, body, headers);
	}

	private static Response send(int port, String method, String target, String body, String[] headers)
			throws IOException {
		byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		request.append("Host: localhost:").append(port).append("\r\n").append("Connection: close\r\n");
		if (body != null) {
			request.append("Content-Length: ").append(content.length).append("\r\n");
		}
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		request.append("\r\n");
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(content);
			out.flush();
			return Response.parse(socket.getInputStream().readAllBytes());
		}
	}

	/**
	 * Sends a whole request as it is given (ISO-8859-1), framing and all: for requests
	 * {@link #send} would frame correctly.
	 */
	public static Response exchange(int port, String request) throws IOException {
		return exchange(port, request, false);
	}

	/**
	 * Sends a whole request as {@link #exchange} does and reads the answer's status line
	 * and headers only, without waiting for the connection to close: for a request whose
	 * body the server refuses unread (its body is left out of the answer).
	 */
	public static Response exchangeHead(int port, String request) throws IOException {
		return exchange(port, request, true);
	}

	private static Response exchange(int port, String request, boolean headOnly) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return headOnly ? Response.head(in) : Response.parse(in.readAllBytes());
		}
	}

	/** The header line that signs in with HTTP Basic. */
	public static String basic(String username, String password) {
		return "Authorization: Basic "
				+ Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @param headers by lower-case name, the last of each
	 */
	public record Response(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		/** The status line and headers, read up to the blank line after them. */
		static Response head(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int matched = 0;
			while (matched < 4) {
				int b = in.read();
				if (b < 0) {
					throw new IOException("No complete response: " + head);
				}
				head.write(b);
				matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
			}
			String text = head.toString(StandardCharsets.ISO_8859_1);
			return new Response(status(text), headers(text), "");
		}

		static Response parse(byte[] raw) throws IOException {
			String text = new String(raw, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (end < 0) {
				throw new IOException("No complete response: " + text);
			}
			int status = status(text);
			Map<String, String> headers = headers(text.substring(0, end));
			byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = unchunk(body);
			}
			return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
		}

		private static int status(String head) {
			return Integer.parseInt(head.substring(0, head.indexOf("\r\n")).split(" ")[1]);
		}

		/** The header lines of a head (the status line first), by lower-case name. */
		private static Map<String, String> headers(String head) {
			String[] lines = head.strip().split("\r\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			return headers;
		}

		private static byte[] unchunk(byte[] chunked) throws IOException {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			InputStream in = new ByteArrayInputStream(chunked);
			while (true) {
				StringBuilder size = new StringBuilder();
				for (int b = in.read(); b != '\n'; b = in.read()) {
					if (b < 0) {
						throw new IOException("Truncated chunk size");
					}
					if (b != '\r') {
						size.append((char) b);
					}
				}
				int length = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
				if (length == 0) {
					return body.toByteArray();
				}
				body.write(in.readNBytes(length));
				in.skipNBytes(2);
			}
		}

	}

}
