package id.niksync.sync.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys look like {@code nsk_<keyId>_<secret>}: the key id (12 characters) finds the
 * stored key, the secret (256 random bits, base64url) proves it. Only the secret's
 * SHA-256 is stored: a fast hash is enough for a 256-bit random secret (nothing to guess
 * by brute force), unlike a password. An institution that generates its own key
 * ({@link ApiKeyHash}) must make its secret as random (the README says how); the hash
 * alone cannot show whether it did.
 */
final class ApiKeyFormat {

	private static final Pattern KEY = Pattern.compile("nsk_([a-z0-9]{12})_([A-Za-z0-9_-]{32,128})");

	private static final SecureRandom random = new SecureRandom();

	private ApiKeyFormat() {
	}

	static Presented generate() {
		byte[] id = new byte[6];
		byte[] secret = new byte[32];
		random.nextBytes(id);
		random.nextBytes(secret);
		return new Presented(HexFormat.of().formatHex(id),
				Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
	}

	static Optional<Presented> parse(String key) {
		if (key == null) {
			return Optional.empty();
		}
		Matcher matcher = KEY.matcher(key.trim());
		return matcher.matches() ? Optional.of(new Presented(matcher.group(1), matcher.group(2))) : Optional.empty();
	}

	static String sha256(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

	/** Compares in constant time, so the response time says nothing about the hash. */
	static boolean matches(String secret, String storedSha256) {
		return MessageDigest.isEqual(sha256(secret).getBytes(StandardCharsets.US_ASCII),
				storedSha256.getBytes(StandardCharsets.US_ASCII));
	}

	/** A key as the partner presents it. */
	record Presented(String keyId, String secret) {

		String key() {
			return "nsk_" + this.keyId + "_" + this.secret;
		}

	}

}
