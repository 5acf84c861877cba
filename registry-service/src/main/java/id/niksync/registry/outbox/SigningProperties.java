package id.niksync.registry.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key the registry signs every event with (README, "Signed events"). Neither has a
 * default: the registry does not start without them.
 *
 * @param keyId the key's id, sent with every event in the {@code niksync-key-id} header
 * so partner-sync knows which public key checks it; lowercase letters, digits and hyphens
 * ({@code NIKSYNC_SIGNING_KEY_ID})
 * @param privateKey the Ed25519 private key, base64 of its PKCS#8 encoding (the body of
 * the PEM {@code openssl genpkey -algorithm ed25519} writes;
 * {@code NIKSYNC_SIGNING_PRIVATE_KEY})
 */
@ConfigurationProperties("niksync.signing")
record SigningProperties(String keyId, String privateKey) {

	@Override
	public String toString() {
		return "SigningProperties[keyId=" + this.keyId + ", privateKey=(hidden)]";
	}

}
