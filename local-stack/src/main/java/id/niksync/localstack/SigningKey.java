package id.niksync.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;

import id.niksync.schemas.signing.EventSigner;
import id.niksync.schemas.signing.SigningKeys;

/**
 * The stack's event signing key pair (README, "Signed events"), made on its first start
 * and kept with its data, readable by its owner only, so events on the topic still verify
 * after a restart. registry-service gets the private key and partner-sync-service the
 * public one, through the environment variables docker-compose.yml sets (the environment,
 * unlike a command line, is not visible to other users).
 */
public final class SigningKey {

	/** The key id of every stack's key: each stack has a key of its own. */
	public static final String KEY_ID = "local-stack";

	private final String privateKey;

	private final String publicKey;

	private SigningKey(String privateKey, String publicKey) {
		this.privateKey = privateKey;
		this.publicKey = publicKey;
	}

	/**
	 * The pair kept under {@code dir/event-signing/}, made there first when there is
	 * none.
	 */
	static SigningKey loadOrCreate(Path dir) throws IOException {
		Path keys = dir.resolve("event-signing");
		Path privateFile = keys.resolve("private-key.pem");
		Path publicFile = keys.resolve("public-key.pem");
		if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
			create(keys, privateFile, publicFile);
		}
		SigningKey key = new SigningKey(Files.readString(privateFile), Files.readString(publicFile));
		// Fails here, naming the files, rather than in a service's log.
		SigningKeys.privateKey(key.privateKey);
		SigningKeys.publicKey(key.publicKey);
		return key;
	}

	private static void create(Path keys, Path privateFile, Path publicFile) throws IOException {
		if (!Files.exists(keys)) {
			Files.createDirectories(keys,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		KeyPair pair = SigningKeys.generate();
		write(publicFile, pem("PUBLIC KEY", SigningKeys.encode(pair.getPublic())));
		// The private key last: its presence says the pair is complete.
		write(privateFile, pem("PRIVATE KEY", SigningKeys.encode(pair.getPrivate())));
	}

	/** Created owner-only before a byte is written, then moved into place. */
	private static void write(Path file, String text) throws IOException {
		Path partial = file.resolveSibling(file.getFileName() + ".partial");
		Files.deleteIfExists(partial);
		Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(partial, text, StandardCharsets.US_ASCII);
		Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	private static String pem(String type, String base64) {
		return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
	}

	/** The stack's signer: what the registry signs with, for tools that publish as it. */
	public EventSigner signer() {
		return EventSigner.of(KEY_ID, this.privateKey);
	}

	/** registry-service's signing key, as docker-compose.yml passes it. */
	Map<String, String> registryEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("NIKSYNC_SIGNING_KEY_ID", KEY_ID);
		environment.put("NIKSYNC_SIGNING_PRIVATE_KEY", this.privateKey);
		return environment;
	}

	/** partner-sync-service's verification key, as docker-compose.yml passes it. */
	Map<String, String> syncEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("NIKSYNC_SIGNING_VERIFICATIONKEYS_0_KEYID", KEY_ID);
		environment.put("NIKSYNC_SIGNING_VERIFICATIONKEYS_0_PUBLICKEY", this.publicKey);
		return environment;
	}

}
