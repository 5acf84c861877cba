package id.niksync.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import id.niksync.schemas.signing.EventSigner;
import id.niksync.schemas.signing.EventVerifier;
import id.niksync.schemas.signing.SigningKeys;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * TEST ONLY: signs what tests publish to {@code nik-changes} the way registry-service
 * does, with the fixed test key pair the services' tests configure
 * ({@code niksync-test-signing.properties}), so tests that publish straight to Kafka keep
 * testing what lies behind the signature check. {@link #newKey} makes other keys, for
 * rotation and forgery.
 */
public final class TestEventSigning {

	public static final String RESOURCE = "niksync-test-signing.properties";

	private static final Properties KEYS = load();

	/** The key id registry-service and partner-sync-service use in tests. */
	public static final String KEY_ID = KEYS.getProperty("niksync.signing.key-id");

	/** Base64 of the test public key (X.509), as partner-sync is configured with it. */
	public static final String PUBLIC_KEY = KEYS.getProperty("niksync.signing.verification-keys[0].public-key");

	private static final EventSigner SIGNER = EventSigner.of(KEY_ID, KEYS.getProperty("niksync.signing.private-key"));

	private TestEventSigning() {
	}

	/** The test key's signer. */
	public static EventSigner signer() {
		return SIGNER;
	}

	/** A verifier that knows the test key only. */
	public static EventVerifier verifier() {
		return new EventVerifier(Map.of(KEY_ID, SigningKeys.publicKey(PUBLIC_KEY)));
	}

	/**
	 * Signs the record with the test key, in place, and returns it. Its key is signed as
	 * Kafka's {@code StringSerializer} writes it (UTF-8), the serializer tests use.
	 */
	public static ProducerRecord<String, byte[]> signed(ProducerRecord<String, byte[]> record) {
		return signedBy(SIGNER, record);
	}

	/** As {@link #signed}, with another signer. */
	public static ProducerRecord<String, byte[]> signedBy(EventSigner signer, ProducerRecord<String, byte[]> record) {
		signer.sign(record.topic(), keyBytes(record), record.value(), record.headers());
		return record;
	}

	/** The key as Kafka's {@code StringSerializer} writes it (UTF-8). */
	private static byte[] keyBytes(ProducerRecord<String, byte[]> record) {
		return (record.key() != null) ? record.key().getBytes(StandardCharsets.UTF_8) : null;
	}

	/**
	 * Signs the records together with the test key, in place, as the registry's relay
	 * does ({@link EventSigner#signTogether}: one signature per tree of up to 64, each
	 * record with its path), and returns them.
	 */
	public static List<ProducerRecord<String, byte[]>> signedTogether(List<ProducerRecord<String, byte[]>> records) {
		SIGNER.signTogether(records.stream()
			.map((record) -> new EventSigner.Unsigned(record.topic(), keyBytes(record), record.value(),
					record.headers()))
			.toList());
		return records;
	}

	/**
	 * As {@link #signed}, for a record whose key is bytes already: signed as they are.
	 */
	public static ProducerRecord<byte[], byte[]> signedRaw(ProducerRecord<byte[], byte[]> record) {
		return signedRawBy(SIGNER, record);
	}

	/** As {@link #signedRaw}, with another signer. */
	public static ProducerRecord<byte[], byte[]> signedRawBy(EventSigner signer,
			ProducerRecord<byte[], byte[]> record) {
		signer.sign(record.topic(), record.key(), record.value(), record.headers());
		return record;
	}

	/** A new key pair under the id, for rotation and forgery tests. */
	public static Key newKey(String keyId) {
		return new Key(keyId, SigningKeys.generate());
	}

	/** A key pair and its id. */
	public record Key(String keyId, KeyPair pair) {

		public EventSigner signer() {
			return new EventSigner(this.keyId, this.pair.getPrivate());
		}

		/** Base64 of the public key (X.509), the form configuration takes. */
		public String publicKey() {
			return SigningKeys.encode(this.pair.getPublic());
		}

	}

	private static Properties load() {
		Properties properties = new Properties();
		try (InputStream in = TestEventSigning.class.getClassLoader().getResourceAsStream(RESOURCE)) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

}
