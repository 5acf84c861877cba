package id.niksync.schemas.signing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Ed25519 keys as configuration holds them: base64 of the standard encodings, PKCS#8 for
 * the private key and X.509 (SubjectPublicKeyInfo) for the public one, which is what
 * {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} write
 * between their PEM armour lines.
 */
public final class SigningKeys {

	/**
	 * Key ids are lowercase letters, digits and hyphens: plain text in a header, in
	 * configuration and in logs, with no case to get wrong.
	 */
	private static final Pattern KEY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	private SigningKeys() {
	}

	public static PrivateKey privateKey(String base64) {
		try {
			return keyFactory().generatePrivate(new PKCS8EncodedKeySpec(decode(base64, "private")));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("The private key is not an Ed25519 key in PKCS#8 (base64 of the DER)",
					ex);
		}
	}

	public static PublicKey publicKey(String base64) {
		try {
			return keyFactory().generatePublic(new X509EncodedKeySpec(decode(base64, "public")));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("The public key is not an Ed25519 key in X.509 (base64 of the DER)", ex);
		}
	}

	/** The 32 bytes RFC 8032 calls the private key. */
	static byte[] rawPrivateKey(PrivateKey key) {
		if (key instanceof java.security.interfaces.EdECPrivateKey edec && edec.getBytes().isPresent()) {
			return edec.getBytes().get();
		}
		throw new IllegalArgumentException("Not an Ed25519 private key");
	}

	/** The 32 bytes RFC 8032 calls the public key: the end of its X.509 encoding. */
	static byte[] rawPublicKey(PublicKey key) {
		byte[] encoded = key.getEncoded();
		if (!"Ed25519".equalsIgnoreCase(key.getAlgorithm()) && !"EdDSA".equalsIgnoreCase(key.getAlgorithm())
				|| encoded == null || encoded.length != 44) {
			throw new IllegalArgumentException("Not an Ed25519 public key");
		}
		return java.util.Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
	}

	/** A new key pair, for tests and the local stack. */
	public static KeyPair generate() {
		try {
			return KeyPairGenerator.getInstance(EventSignatures.ALGORITHM).generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java 15+ runtime has Ed25519", ex);
		}
	}

	/**
	 * Base64 of the key's standard encoding, the form {@link #privateKey} and
	 * {@link #publicKey} read.
	 */
	public static String encode(java.security.Key key) {
		return Base64.getEncoder().encodeToString(key.getEncoded());
	}

	/** The key id, when it is one; refused with the reason otherwise. */
	public static String checkKeyId(String keyId) {
		if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
			throw new IllegalArgumentException(
					"A signing key id must be 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit: "
							+ ((keyId == null) ? "none given"
									: "'" + keyId.substring(0, Math.min(keyId.length(), 70)) + "'"));
		}
		return keyId;
	}

	private static byte[] decode(String base64, String which) {
		if (base64 == null || base64.isBlank()) {
			throw new IllegalArgumentException("No " + which + " key given");
		}
		// PEM text pasted whole, or base64 wrapped over lines, reads as well.
		String body = base64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		try {
			return Base64.getDecoder().decode(body);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The " + which + " key is not base64", ex);
		}
	}

	private static KeyFactory keyFactory() throws GeneralSecurityException {
		return KeyFactory.getInstance(EventSignatures.ALGORITHM);
	}

}
