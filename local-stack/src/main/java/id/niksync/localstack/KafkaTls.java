package id.niksync.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mutual TLS and ACLs for the stack's broker, as docker-compose.yml runs it: the
 * certificates {@code docker/kafka/make-certs.sh} makes (one PKCS12 keystore per
 * principal, a truststore holding the CA, the passwords in {@code kafka-passwords.env})
 * and the ACL script {@code docker/kafka/acls.sh}. The broker accepts only clients with a
 * certificate of that CA and maps the subject {@code CN=<name>,OU=niksync} to
 * {@code User:<name>}; the services are configured through the same
 * {@code SPRING_KAFKA_*} variables compose sets. The local stack itself stays plaintext
 * on loopback; this is for the tests that prove the compose setup.
 *
 * @param certificates the directory make-certs.sh wrote
 * @param passwords its {@code kafka-passwords.env}
 * @param aclScript acls.sh, run against the broker at every start (it is idempotent)
 */
public record KafkaTls(Path certificates, Map<String, String> passwords, Path aclScript) {

	/** The broker's principal: a super user. */
	public static final String BROKER = "kafka";

	/** Operators' tools and the ACL script: a super user. */
	public static final String ADMIN = "kafka-admin";

	public static final String REGISTRY = "registry-service";

	public static final String SYNC = "partner-sync-service";

	/** The variable of each principal's keystore password, as make-certs.sh names it. */
	private static final Map<String, String> PASSWORD_VARIABLES = Map.of(BROKER, "KAFKA_BROKER_KEYSTORE_PASSWORD",
			ADMIN, "KAFKA_ADMIN_KEYSTORE_PASSWORD", REGISTRY, "KAFKA_REGISTRY_KEYSTORE_PASSWORD", SYNC,
			"KAFKA_SYNC_KEYSTORE_PASSWORD");

	/**
	 * {@code CN=registry-service,OU=niksync} is {@code User:registry-service}; any other
	 * subject keeps its whole DN, which no ACL names.
	 */
	public static final String PRINCIPAL_MAPPING = "RULE:^CN=([a-z0-9-]+),OU=niksync$/$1/,DEFAULT";

	public KafkaTls {
		certificates = certificates.toAbsolutePath().normalize();
		passwords = Map.copyOf(passwords);
		aclScript = aclScript.toAbsolutePath().normalize();
	}

	/** Reads what make-certs.sh wrote into {@code certificates}. */
	public static KafkaTls read(Path certificates, Path aclScript) throws IOException {
		Map<String, String> passwords = new LinkedHashMap<>();
		for (String line : Files.readAllLines(certificates.resolve("kafka-passwords.env"))) {
			int equals = line.indexOf('=');
			if (!line.startsWith("#") && equals > 0) {
				passwords.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
			}
		}
		return new KafkaTls(certificates, passwords, aclScript);
	}

	public Path keyStore(String principal) {
		return this.certificates.resolve(principal + ".p12");
	}

	public String keyStorePassword(String principal) {
		return required(PASSWORD_VARIABLES.get(principal));
	}

	public Path trustStore() {
		return this.certificates.resolve("truststore.p12");
	}

	public String trustStorePassword() {
		return required("KAFKA_TRUSTSTORE_PASSWORD");
	}

	/** A Kafka client's security settings with {@code principal}'s certificate. */
	public Map<String, Object> clientProperties(String principal) {
		Map<String, Object> properties = new LinkedHashMap<>(trustOnly());
		properties.put("ssl.keystore.type", "PKCS12");
		properties.put("ssl.keystore.location", keyStore(principal).toString());
		properties.put("ssl.keystore.password", keyStorePassword(principal));
		return properties;
	}

	/**
	 * TLS that trusts the broker but presents no certificate: what a client without
	 * credentials has.
	 */
	public Map<String, Object> trustOnly() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("security.protocol", "SSL");
		properties.put("ssl.truststore.type", "PKCS12");
		properties.put("ssl.truststore.location", trustStore().toString());
		properties.put("ssl.truststore.password", trustStorePassword());
		return properties;
	}

	/**
	 * A service's Kafka security through Spring Boot's standard properties, as
	 * environment variables: what docker-compose.yml sets (README, "Kafka security").
	 */
	public Map<String, String> springEnvironment(String principal) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("SPRING_KAFKA_SECURITY_PROTOCOL", "SSL");
		environment.put("SPRING_KAFKA_SSL_KEY_STORE_TYPE", "PKCS12");
		environment.put("SPRING_KAFKA_SSL_KEY_STORE_LOCATION", "file:" + keyStore(principal));
		environment.put("SPRING_KAFKA_SSL_KEY_STORE_PASSWORD", keyStorePassword(principal));
		environment.put("SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PKCS12");
		environment.put("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", "file:" + trustStore());
		environment.put("SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD", trustStorePassword());
		return environment;
	}

	/**
	 * The broker's TLS, authentication and authorisation settings (the listeners are the
	 * broker's own), as in {@code docker/kafka/server.properties}.
	 */
	Map<String, String> brokerProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("ssl.keystore.type", "PKCS12");
		properties.put("ssl.keystore.location", keyStore(BROKER).toString());
		properties.put("ssl.keystore.password", keyStorePassword(BROKER));
		properties.put("ssl.truststore.type", "PKCS12");
		properties.put("ssl.truststore.location", trustStore().toString());
		properties.put("ssl.truststore.password", trustStorePassword());
		properties.put("ssl.client.auth", "required");
		properties.put("ssl.principal.mapping.rules", PRINCIPAL_MAPPING);
		properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
		properties.put("allow.everyone.if.no.acl.found", "false");
		properties.put("super.users", "User:" + BROKER + ";User:" + ADMIN);
		return properties;
	}

	private String required(String variable) {
		String value = this.passwords.get(variable);
		if (value == null || value.isEmpty()) {
			throw new IllegalStateException(
					variable + " is not in " + this.certificates.resolve("kafka-passwords.env"));
		}
		return value;
	}

}
