package id.niksync.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The repository's {@code docker-compose.yml} as it is: Kafka, one PostgreSQL per service
 * and both services built from their Dockerfiles, started through Testcontainers with
 * only the environment compose requires, then driven over HTTP the way the README drives
 * them. Needs a Docker engine and the {@code docker compose} plugin; skipped where no
 * engine is reachable (as on the development machines).
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerComposeIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(DockerComposeIntegrationTests.class);

	private static final String REGISTRY = "registry-service";

	private static final int REGISTRY_PORT = 8081;

	private static final String PARTNER_SYNC = "partner-sync-service";

	private static final int PARTNER_SYNC_PORT = 8082;

	private static final String ADMIN_USER = "e2e-admin";

	/** Fresh on every run: no credential of this test lives in the repository. */
	private static final String ADMIN_PASSWORD = secret();

	private static final String REGISTRAR_USER = "e2e-registrar";

	private static final String REGISTRAR_PASSWORD = secret();

	private static final String NIK = "3511021708850001";

	@Container
	static final ComposeContainer compose = new ComposeContainer(composeFile())
		// The docker CLI's compose plugin: the build context is the whole repository,
		// which a containerised compose would first copy (.git, .local-stack and all).
		.withLocalCompose(true)
		// `up --build`, as the README runs it: images from this checkout, never an older
		// tag.
		.withBuild(true)
		.withEnv("SYNC_ADMIN_USER", ADMIN_USER)
		.withEnv("SYNC_ADMIN_PASSWORD", ADMIN_PASSWORD)
		.withEnv("REGISTRY_ADMIN_USER", ADMIN_USER)
		.withEnv("REGISTRY_ADMIN_PASSWORD", ADMIN_PASSWORD)
		.withEnv("REGISTRY_SERVICE_PASSWORD", secret())
		// compose has no default for any database password either; the volumes are
		// fresh, so the init script creates the roles with these.
		.withEnv(Map.of("REGISTRY_DB_SUPERUSER_PASSWORD", secret(), "REGISTRY_DB_OWNER_PASSWORD", secret(),
				"REGISTRY_DB_PASSWORD", secret(), "SYNC_DB_SUPERUSER_PASSWORD", secret(), "SYNC_DB_OWNER_PASSWORD",
				secret(), "SYNC_DB_PASSWORD", secret()))
		// Kafka: TLS with a certificate per principal and ACLs; the certificates made as
		// the
		// README says (docker/kafka/make-certs.sh), once, their store passwords from it.
		.withEnv(kafkaStorePasswords())
		// A fresh event signing key pair, as the README makes one with openssl.
		.withEnv(signingKeys())
		// Reached through Testcontainers' ambassador on free ports; Kafka and the
		// databases are already healthy when compose starts the services (depends_on).
		.withExposedService(REGISTRY, REGISTRY_PORT, healthy())
		.withExposedService(PARTNER_SYNC, PARTNER_SYNC_PORT, healthy())
		.withLogConsumer(REGISTRY, new Slf4jLogConsumer(log).withPrefix(REGISTRY))
		.withLogConsumer(PARTNER_SYNC, new Slf4jLogConsumer(log).withPrefix(PARTNER_SYNC));

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void registeredResidentIsOnlineAndReadableByPartner() throws Exception {
		// The production way to a registrar: the bootstrap administrator creates one.
		HttpResponse<String> registrar = send(request(REGISTRY, REGISTRY_PORT, "POST", "/api/v1/accounts", """
				{"username":"%s","password":"%s","roles":["REGISTRAR"],"regions":["3511"],"reason":"e2e test"}
				""".formatted(REGISTRAR_USER, REGISTRAR_PASSWORD)).header("Authorization",
				basic(ADMIN_USER, ADMIN_PASSWORD)));
		assertThat(registrar.statusCode()).as(registrar.body()).isEqualTo(201);
		HttpResponse<String> registered = registry("POST", "/api/v1/residents", """
				{"nik":"%s","kkNumber":"3511020101150002","fullName":"Budi Santoso",
				 "birthPlace":"Bondowoso","birthDate":"1985-08-17","sex":"MALE","religion":"ISLAM",
				 "maritalStatus":"MARRIED","occupation":"Petani","nationality":"WNI",
				 "address":{"street":"Jl. Mawar 3","rt":"002","rw":"004","village":"Nangkaan",
				   "district":"Bondowoso","regency":"Kabupaten Bondowoso","province":"Jawa Timur",
				   "postalCode":"68214"}}
				""".formatted(NIK));
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		assertThat(read(registered).path("version").asLong()).isEqualTo(1);

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			HttpResponse<String> state = asAdmin("GET", "/ops/residents/" + NIK + "/sync-state", null);
			assertThat(state.statusCode()).as(state.body()).isEqualTo(200);
			assertThat(read(state).path("state").asText()).as(state.body()).isEqualTo("ONLINE");
		});

		HttpResponse<String> institution = asAdmin("POST", "/ops/institutions", """
				{"name":"E2E Bank","type":"BANK","requestsPerSecond":20}
				""");
		assertThat(institution.statusCode()).as(institution.body()).isEqualTo(201);
		String key = read(institution).path("apiKey").path("key").asText();

		HttpResponse<String> lookup = send(
				request(PARTNER_SYNC, PARTNER_SYNC_PORT, "GET", "/partner/v1/residents/" + NIK, null)
					.header("Authorization", "ApiKey " + key)
					.header("X-Purpose", "compose end-to-end test"));
		assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(200);
		JsonNode resident = read(lookup);
		assertThat(resident.path("fullName").asText()).isEqualTo("Budi Santoso");
		assertThat(resident.path("version").asLong()).isEqualTo(1);
		assertThat(resident.path("status").asText()).isEqualTo("ACTIVE");
		assertThat(resident.has("kkNumber")).as("a bank is not entitled to the KK number").isFalse();
	}

	/** The registry as the registrar the administrator created. */
	private HttpResponse<String> registry(String method, String path, String body)
			throws IOException, InterruptedException {
		return send(request(REGISTRY, REGISTRY_PORT, method, path, body).header("Authorization",
				basic(REGISTRAR_USER, REGISTRAR_PASSWORD)));
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** partner-sync's ops API as the administrator compose creates on first start. */
	private HttpResponse<String> asAdmin(String method, String path, String body)
			throws IOException, InterruptedException {
		String basic = Base64.getEncoder()
			.encodeToString((ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
		return send(
				request(PARTNER_SYNC, PARTNER_SYNC_PORT, method, path, body).header("Authorization", "Basic " + basic));
	}

	private static HttpRequest.Builder request(String service, int port, String method, String path, String body) {
		URI uri = URI.create(
				"http://" + compose.getServiceHost(service, port) + ":" + compose.getServicePort(service, port) + path);
		BodyPublisher publisher = (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.method(method, publisher);
		return (body != null) ? request.header("Content-Type", "application/json") : request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private JsonNode read(HttpResponse<String> response) throws IOException {
		return this.json.readTree(response.body());
	}

	/**
	 * The health checks docker-compose.yml declares, with room for their start period and
	 * retries.
	 */
	private static WaitStrategy healthy() {
		return Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(4));
	}

	private static String secret() {
		return "e2e-" + UUID.randomUUID();
	}

	/**
	 * EVENT_SIGNING_KEY_ID, _PRIVATE_KEY and _PUBLIC_KEY: base64 of PKCS#8 and X.509, the
	 * bodies of the PEM files openssl writes.
	 */
	private static Map<String, String> signingKeys() {
		try {
			KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			return Map.of("EVENT_SIGNING_KEY_ID", "e2e-compose", "EVENT_SIGNING_PRIVATE_KEY",
					Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()), "EVENT_SIGNING_PUBLIC_KEY",
					Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java 15+ runtime has Ed25519", ex);
		}
	}

	/** The module runs from its own directory; compose lives at the repository root. */
	/**
	 * Runs docker/kafka/make-certs.sh unless docker/kafka/certs holds certificates, and
	 * returns the store passwords it wrote.
	 */
	private static Map<String, String> kafkaStorePasswords() {
		Path certificates = composeFile().toPath().resolveSibling("docker/kafka/certs");
		try {
			if (!Files.exists(certificates.resolve("truststore.p12"))) {
				Process script = new ProcessBuilder("bash",
						composeFile().toPath().resolveSibling("docker/kafka/make-certs.sh").toString())
					.inheritIO()
					.start();
				if (script.waitFor() != 0) {
					throw new IllegalStateException("docker/kafka/make-certs.sh failed");
				}
			}
			Map<String, String> passwords = new java.util.HashMap<>();
			for (String line : Files.readAllLines(certificates.resolve("kafka-passwords.env"))) {
				int equals = line.indexOf('=');
				if (!line.startsWith("#") && equals > 0) {
					passwords.put(line.substring(0, equals), line.substring(equals + 1));
				}
			}
			return passwords;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static File composeFile() {
		Path file = Path.of("..", "docker-compose.yml").toAbsolutePath().normalize();
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("docker-compose.yml not found at " + file);
		}
		return file.toFile();
	}

}
