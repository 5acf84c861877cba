package id.niksync.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DEMO ONLY: the local stack's operator sign-ins and partner API keys. They are published
 * here and on the console, so they must never be used outside the local stack. They are
 * created the way production creates them: the operators through the bootstrap
 * environment variables docker-compose.yml sets, the institutions through the
 * administrators' API, each registered with its published key (of which only the SHA-256
 * of the secret is sent, as an institution that generated its own key would).
 */
public final class DemoCredentials {

	private static final Logger log = LoggerFactory.getLogger(DemoCredentials.class);

	public static final String ADMIN = "demo-admin";

	public static final String ADMIN_PASSWORD = "demo-admin-password";

	public static final String OPERATOR = "demo-operator";

	public static final String OPERATOR_PASSWORD = "demo-operator-password";

	/** One demo institution of each type. */
	public static final List<Institution> INSTITUTIONS = List.of(
			new Institution("Demo Bank", "BANK", "nsk_demobank0000_DEMO-ONLY-local-stack-bank-key-0000"),
			new Institution("Demo BPJS", "BPJS", "nsk_demobpjs0000_DEMO-ONLY-local-stack-bpjs-key-0000"),
			new Institution("Demo Kemenag", "KEMENAG", "nsk_demokemenag0_DEMO-ONLY-local-stack-kemenag-key-00"),
			new Institution("Demo Other", "OTHER", "nsk_demoother000_DEMO-ONLY-local-stack-other-key-0000"));

	private DemoCredentials() {
	}

	/** partner-sync-service's bootstrap operators, as docker-compose.yml passes them. */
	static Map<String, String> operatorEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>();
		String[][] operators = { { ADMIN, ADMIN_PASSWORD, "ADMIN" }, { OPERATOR, OPERATOR_PASSWORD, "OPERATOR" } };
		for (int i = 0; i < operators.length; i++) {
			String prefix = "NIKSYNC_ACCESS_BOOTSTRAP_OPERATORS_" + i + "_";
			environment.put(prefix + "USERNAME", operators[i][0]);
			environment.put(prefix + "PASSWORD", operators[i][1]);
			environment.put(prefix + "ROLES", operators[i][2]);
		}
		return environment;
	}

	/**
	 * Registers the demo institutions through {@code POST /ops/institutions} as the demo
	 * administrator; one that exists already (409) is left as it is.
	 */
	static void registerInstitutions(String syncUrl) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		for (Institution institution : INSTITUTIONS) {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(syncUrl + "/ops/institutions"))
				.timeout(Duration.ofSeconds(30))
				.header("Authorization", authorization(ADMIN, ADMIN_PASSWORD))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(institution.registration()))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 201) {
				log.info("Registered demo institution {} ({})", institution.name(), institution.type());
			}
			else if (response.statusCode() != 409) {
				throw new IllegalStateException("Registering demo institution " + institution.name() + " answered "
						+ response.statusCode() + ": " + response.body());
			}
		}
	}

	/** The Authorization header value of the demo operator. */
	public static String operatorAuthorization() {
		return authorization(OPERATOR, OPERATOR_PASSWORD);
	}

	public static String authorization(String username, String password) {
		return "Basic "
				+ Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** A demo institution and its published key ({@code nsk_<keyId>_<secret>}). */
	public record Institution(String name, String type, String apiKey) {

		String registration() {
			String keyId = this.apiKey.substring(4, 16);
			String secret = this.apiKey.substring(17);
			return """
					{"name":"%s","type":"%s","requestsPerSecond":50,"key":{"keyId":"%s","secretSha256":"%s"}}"""
				.formatted(this.name, this.type, keyId, sha256(secret));
		}

		private static String sha256(String value) {
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("Every JVM has SHA-256", ex);
			}
		}

	}

}
