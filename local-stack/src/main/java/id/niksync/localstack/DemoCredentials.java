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

	/** registry-service: REGISTRAR for Bondowoso (3511). */
	public static final String REGISTRAR = "demo-registrar";

	public static final String REGISTRAR_PASSWORD = "demo-registrar-password";

	/** registry-service: SUPERVISOR for East Java (35). */
	public static final String SUPERVISOR = "demo-supervisor";

	public static final String SUPERVISOR_PASSWORD = "demo-supervisor-password";

	/** registry-service: partner-sync's own account (SERVICE). */
	public static final String SERVICE = "partner-sync";

	public static final String SERVICE_PASSWORD = "demo-partner-sync-service-password";

	/** One demo institution of each type. */
	public static final List<Institution> INSTITUTIONS = List.of(
			new Institution("Demo Bank", "BANK", "nsk_demobank0000_DEMO-ONLY-local-stack-bank-key-0000"),
			new Institution("Demo BPJS", "BPJS", "nsk_demobpjs0000_DEMO-ONLY-local-stack-bpjs-key-0000"),
			new Institution("Demo Kemenag", "KEMENAG", "nsk_demokemenag0_DEMO-ONLY-local-stack-kemenag-key-00"),
			new Institution("Demo Other", "OTHER", "nsk_demoother000_DEMO-ONLY-local-stack-other-key-0000"));

	private DemoCredentials() {
	}

	/**
	 * partner-sync-service's bootstrap operators and its registry account, as
	 * docker-compose.yml passes them.
	 */
	static Map<String, String> syncEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>();
		String[][] operators = { { ADMIN, ADMIN_PASSWORD, "ADMIN" }, { OPERATOR, OPERATOR_PASSWORD, "OPERATOR" } };
		for (int i = 0; i < operators.length; i++) {
			String prefix = "NIKSYNC_ACCESS_BOOTSTRAP_OPERATORS_" + i + "_";
			environment.put(prefix + "USERNAME", operators[i][0]);
			environment.put(prefix + "PASSWORD", operators[i][1]);
			environment.put(prefix + "ROLES", operators[i][2]);
		}
		environment.put("NIKSYNC_REGISTRY_USERNAME", SERVICE);
		environment.put("NIKSYNC_REGISTRY_PASSWORD", SERVICE_PASSWORD);
		return environment;
	}

	/** registry-service's bootstrap accounts, as docker-compose.yml passes them. */
	static Map<String, String> registryEnvironment() {
		return registryAccounts(new String[][] { { ADMIN, ADMIN_PASSWORD, "ADMIN", "" },
				{ REGISTRAR, REGISTRAR_PASSWORD, "REGISTRAR", "3511" },
				{ SUPERVISOR, SUPERVISOR_PASSWORD, "SUPERVISOR", "35" },
				{ SERVICE, SERVICE_PASSWORD, "SERVICE", "" } });
	}

	/**
	 * The bootstrap variables of registry accounts.
	 * @param accounts each username, password, roles, regions (comma-separated)
	 */
	public static Map<String, String> registryAccounts(String[][] accounts) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (int i = 0; i < accounts.length; i++) {
			String prefix = "NIKSYNC_ACCESS_BOOTSTRAP_ACCOUNTS_" + i + "_";
			environment.put(prefix + "USERNAME", accounts[i][0]);
			environment.put(prefix + "PASSWORD", accounts[i][1]);
			environment.put(prefix + "ROLES", accounts[i][2]);
			if (!accounts[i][3].isEmpty()) {
				environment.put(prefix + "REGIONS", accounts[i][3]);
			}
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
			else if (response.statusCode() == 401) {
				// The demo administrator is locked (anyone who reaches :8082 can lock it
				// with
				// five wrong passwords): the stack still starts; the institutions
				// registered
				// on an earlier start are there, their keys as before.
				log.warn(
						"Could not register demo institution {}: the demo administrator's sign-in was refused ({})."
								+ " Institutions registered before are unaffected.",
						institution.name(), response.body());
				return;
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

	/**
	 * The demo supervisor's on registry-service (reads, re-online, outbox), the demo
	 * operator's elsewhere.
	 */
	public static String authorizationFor(String url, String registryUrl) {
		return url.startsWith(registryUrl) ? authorization(SUPERVISOR, SUPERVISOR_PASSWORD) : operatorAuthorization();
	}

	public static String authorization(String username, String password) {
		return "Basic "
				+ Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A demo institution and its published key ({@code nsk_<keyId>_<secret>}); each may
	 * ask for re-onlines.
	 */
	public record Institution(String name, String type, String apiKey) {

		String registration() {
			String keyId = this.apiKey.substring(4, 16);
			String secret = this.apiKey.substring(17);
			return """
					{"name":"%s","type":"%s","requestsPerSecond":50,"permissions":["REONLINE"],
					 "key":{"keyId":"%s","secretSha256":"%s"}}""".formatted(this.name, this.type, keyId,
					sha256(secret));
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
