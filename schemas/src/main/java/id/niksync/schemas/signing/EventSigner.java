package id.niksync.schemas.signing;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.apache.kafka.common.header.Headers;

/**
 * Signs records for {@code nik-changes} with one Ed25519 private key
 * ({@link EventSignatures}). Thread-safe.
 */
public final class EventSigner {

	private final String keyId;

	private final byte[] keyIdBytes;

	/** The raw 32-byte Ed25519 private key (RFC 8032). */
	private final byte[] key;

	/**
	 * Its public key, derived once: given to every signing, it spares each a second
	 * scalar multiplication (about half of a signature's cost).
	 */
	private final byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];

	public EventSigner(String keyId, PrivateKey key) {
		this.keyId = SigningKeys.checkKeyId(keyId);
		this.keyIdBytes = keyId.getBytes(StandardCharsets.UTF_8);
		this.key = SigningKeys.rawPrivateKey(key);
		Ed25519.generatePublicKey(this.key, 0, this.publicKey, 0);
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
		// BouncyCastle's RFC 8032 Ed25519: the same (deterministic) signatures as the
		// JDK's
		// provider, several times faster; stateless, so thread-safe.
		byte[] message = EventSignatures.signedBytes(topic, key, value);
		byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
		Ed25519.sign(this.key, 0, this.publicKey, 0, message, 0, message.length, signature, 0);
		return signature;
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
