package id.niksync.sync.access;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A partner API key that its institution generated itself ({@code nsk_<keyId>_<secret>}),
 * as it is handed over: the key id and the SHA-256 of the secret, hex-encoded. The secret
 * never leaves the institution.
 */
record ApiKeyHash(String keyId, String secretSha256) {

	private static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{12}");

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	ApiKeyHash {
		secretSha256 = (secretSha256 != null) ? secretSha256.toLowerCase(Locale.ROOT) : null;
	}

	boolean isValid() {
		return this.keyId != null && KEY_ID.matcher(this.keyId).matches() && this.secretSha256 != null
				&& SHA256.matcher(this.secretSha256).matches();
	}

}
