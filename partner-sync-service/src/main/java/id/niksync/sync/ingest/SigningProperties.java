package id.niksync.sync.ingest;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The registry's public keys, which every ingested event's signature is checked against
 * (README, "Signed events"). No default: partner-sync does not start without one.
 *
 * @param verificationKeys the keys whose signatures are accepted, each with its id; more
 * than one while the registry's key is rotated. From the environment:
 * {@code NIKSYNC_SIGNING_VERIFICATIONKEYS_0_KEYID}, {@code …_0_PUBLICKEY}, then
 * {@code _1_} and so on
 */
@ConfigurationProperties("niksync.signing")
record SigningProperties(List<VerificationKey> verificationKeys) {

	/**
	 * @param keyId the id the registry sends in {@code niksync-key-id} with this key's
	 * signatures
	 * @param publicKey the Ed25519 public key, base64 of its X.509 encoding (the body of
	 * the PEM {@code openssl pkey -pubout} writes)
	 */
	record VerificationKey(String keyId, String publicKey) {
	}

}
