package id.niksync.schemas.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

import org.apache.kafka.common.header.Headers;

/**
 * Signs records for {@code nik-changes} with one Ed25519 private key
 * ({@link EventSignatures}). Thread-safe.
 */
public final class EventSigner {

	private final String keyId;

	private final byte[] keyIdBytes;

	private final PrivateKey key;

	public EventSigner(String keyId, PrivateKey key) {
		this.keyId = SigningKeys.checkKeyId(keyId);
		this.keyIdBytes = keyId.getBytes(StandardCharsets.UTF_8);
		this.key = key;
		sign("check", null, null);
	}

	/**
	 * A signer from configuration.
	 * @param keyId the key's id, sent with every signature
	 * @param privateKey the private key, base64 of its PKCS#8 encoding
	 */
	public static EventSigner of(String keyId, String privateKey) {
		return new EventSigner(keyId, SigningKeys.privateKey(privateKey));
	}

	public String keyId() {
		return this.keyId;
	}

	/** The signature over {@link EventSignatures#signedBytes}. */
	public byte[] sign(String topic, byte[] key, byte[] value) {
		try {
			// A Signature is stateful, not thread-safe; making one costs little next to
			// signing.
			Signature signature = Signature.getInstance(EventSignatures.ALGORITHM);
			signature.initSign(this.key);
			signature.update(EventSignatures.signedBytes(topic, key, value));
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot sign with key " + this.keyId + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Signs the record and sets its key id and signature headers, replacing any there
	 * were.
	 */
	public void sign(String topic, byte[] key, byte[] value, Headers headers) {
		byte[] signature = sign(topic, key, value);
		headers.remove(EventSignatures.KEY_ID_HEADER);
		headers.remove(EventSignatures.SIGNATURE_HEADER);
		headers.add(EventSignatures.KEY_ID_HEADER, this.keyIdBytes);
		headers.add(EventSignatures.SIGNATURE_HEADER, signature);
	}

}
