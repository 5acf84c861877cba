package id.niksync.schemas.signing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.List;

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
		return signature(EventSignatures.signedBytes(topic, key, value));
	}

	private byte[] signature(byte[] message) {
		// BouncyCastle's RFC 8032 Ed25519: the same (deterministic) signatures as the
		// JDK's provider, several times faster; stateless, so thread-safe.
		byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
		Ed25519.sign(this.key, 0, this.publicKey, 0, message, 0, message.length, signature, 0);
		return signature;
	}

	/**
	 * Signs the records together: consecutive ones in trees of at most
	 * {@link EventSignatures#TREE_LEAVES}, one signature per tree, and sets each record's
	 * key id, signature and path headers, replacing any there were. An Ed25519 signature
	 * costs about a hundred SHA-256 hashes, and checking one twice that, so a reader that
	 * remembers the trees it checked spends a few hashes per record instead.
	 */
	public void signTogether(List<Unsigned> records) {
		for (int from = 0; from < records.size(); from += EventSignatures.TREE_LEAVES) {
			List<Unsigned> tree = records.subList(from, Math.min(records.size(), from + EventSignatures.TREE_LEAVES));
			byte[][] leaves = new byte[tree.size()][];
			for (int i = 0; i < leaves.length; i++) {
				Unsigned record = tree.get(i);
				leaves[i] = MerkleTree
					.leafHash(EventSignatures.signedBytes(record.topic(), record.key(), record.value()));
			}
			MerkleTree merkle = new MerkleTree(leaves);
			byte[] signature = signature(EventSignatures.treeBytes(leaves.length, merkle.root()));
			for (int i = 0; i < leaves.length; i++) {
				Headers headers = tree.get(i).headers();
				setSignature(headers, signature);
				headers.add(EventSignatures.TREE_PATH_HEADER, pathHeader(leaves.length, i, merkle.path(i)));
			}
		}
	}

	private static byte[] pathHeader(int size, int index, List<byte[]> path) {
		ByteBuffer header = ByteBuffer.allocate(8 + path.size() * MerkleTree.HASH_LENGTH).putInt(size).putInt(index);
		path.forEach(header::put);
		return header.array();
	}

	/**
	 * Signs the record and sets its key id and signature headers, replacing any there
	 * were.
	 */
	public void sign(String topic, byte[] key, byte[] value, Headers headers) {
		setSignature(headers, sign(topic, key, value));
	}

	private void setSignature(Headers headers, byte[] signature) {
		headers.remove(EventSignatures.KEY_ID_HEADER);
		headers.remove(EventSignatures.SIGNATURE_HEADER);
		headers.remove(EventSignatures.TREE_PATH_HEADER);
		headers.add(EventSignatures.KEY_ID_HEADER, this.keyIdBytes);
		headers.add(EventSignatures.SIGNATURE_HEADER, signature);
	}

	/**
	 * A record to sign: the topic it is for, its key and value exactly as on the wire
	 * (null when absent), and the headers that get its signature.
	 */
	public record Unsigned(String topic, byte[] key, byte[] value, Headers headers) {
	}

}
