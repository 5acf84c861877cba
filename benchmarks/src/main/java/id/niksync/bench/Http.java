package id.niksync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The HTTP calls the benchmark makes, on one keep-alive client. */
final class Http {

	static final ObjectMapper JSON = new ObjectMapper();

	static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/** Sent when a call names no Authorization of its own: the registry account's. */
	private final String defaultAuthorization;

	Http(String defaultAuthorization) {
		this.defaultAuthorization = defaultAuthorization;
	}

	JsonNode send(String method, String url, String body, int expectedStatus, String... headers)
			throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(request(method, url, body, headers),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != expectedStatus) {
			// the problem's code only: a body can quote NIKs (e.g. existingNiks of a 409)
			throw new IllegalStateException(method + " " + Http.withoutNik(url) + " answered " + response.statusCode()
					+ " (expected " + expectedStatus + ", code " + problemCode(response.body()) + ")");
		}
		return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
	}

	/**
	 * As {@link #send}, whatever the status.
	 * @return the status and the body (JSON null when empty or not JSON)
	 */
	Answer exchange(String method, String url, String body, String... headers)
			throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(request(method, url, body, headers),
				HttpResponse.BodyHandlers.ofString());
		JsonNode json;
		try {
			json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
		}
		catch (IOException ex) {
			json = JSON.nullNode();
		}
		return new Answer(response.statusCode(), json);
	}

	CompletableFuture<HttpResponse<Void>> sendAsync(String method, String url, String body, String... headers) {
		return this.client.sendAsync(request(method, url, body, headers), HttpResponse.BodyHandlers.discarding());
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private HttpRequest request(String method, String url, String body, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
		if (!java.util.Arrays.asList(headers).contains("Authorization")) {
			builder.header("Authorization", this.defaultAuthorization);
		}
		if (body != null) {
			builder.header("Content-Type", "application/json");
		}
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return builder
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build();
	}

	private static String problemCode(String body) {
		try {
			return JSON.readTree(body).path("code").asText("none");
		}
		catch (IOException ex) {
			return "none";
		}
	}

	private static String withoutNik(String url) {
		return url.replaceAll("\\d{16}", "{nik}");
	}

	/** A status and its body. */
	record Answer(int status, JsonNode body) {
	}

}
