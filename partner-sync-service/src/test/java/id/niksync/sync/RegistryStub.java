package id.niksync.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * registry-service as a local HTTP stub: answers the requests it was told about with a
 * fixed status and JSON document, anything else with 404, and keeps every request it
 * received.
 */
public final class RegistryStub implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final List<Request> received = new CopyOnWriteArrayList<>();

	private RegistryStub(HttpServer server) {
		this.server = server;
		server.createContext("/", this::handle);
		server.start();
	}

	public static RegistryStub start() {
		try {
			return new RegistryStub(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Answers {@code method target} (the path and, if any, the query) with this status
	 * and JSON document.
	 */
	public RegistryStub answer(String method, String target, int status, String json) {
		this.answers.put(method + " " + target, new Answer(status, json));
		return this;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The last request received for {@code method target}. */
	public Request last(String method, String target) {
		return this.received.stream()
			.filter((r) -> r.method().equals(method) && r.target().equals(target))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("registry stub received no " + method + " " + target));
	}

	/** How many requests it received for {@code method target}. */
	public long count(String method, String target) {
		return this.received.stream().filter((r) -> r.method().equals(method) && r.target().equals(target)).count();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String target = exchange.getRequestURI().getRawPath() + ((exchange.getRequestURI().getRawQuery() != null)
					? "?" + exchange.getRequestURI().getRawQuery() : "");
			this.received.add(new Request(exchange.getRequestMethod(), target,
					exchange.getRequestHeaders().getFirst("Content-Type"),
					exchange.getRequestHeaders().getFirst("Authorization"),
					new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
			Answer answer = this.answers.get(exchange.getRequestMethod() + " " + target);
			if (answer == null) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(answer.status(), body.length);
			exchange.getResponseBody().write(body);
		}
	}

	private record Answer(int status, String json) {
	}

	/** What a request sent. */
	public record Request(String method, String target, String contentType, String authorization, String body) {
	}

}
