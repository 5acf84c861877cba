package id.niksync.schemas.signing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The contract of a signed {@code nik-changes} record: which headers carry the signature,
 * and which bytes it signs. The registry signs every record it publishes with Ed25519;
 * partner-sync holds public keys only, so it can check a record's origin but never make
 * one.
 * <p>
 * Two forms, told apart by the {@link #TREE_PATH_HEADER}: a record signed alone carries a
 * signature over its {@link #signedBytes}; a record signed together with others (up to
 * {@link #TREE_LEAVES}) carries one signature over the {@link #treeBytes root} of a
 * Merkle tree ({@link MerkleTree}) whose leaves are the records' signed bytes, and its
 * own path to that root, so that each record can still be checked alone, as a compacted
 * topic needs, while a reader checks one signature per tree.
 */
public final class EventSignatures {

	/** The signing key's id, UTF-8 text: selects the verification key. */
	public static final String KEY_ID_HEADER = "niksync-key-id";

	/** The Ed25519 signature, the raw 64 bytes. */
	public static final String SIGNATURE_HEADER = "niksync-signature";

	/**
	 * Present only on a record signed in a tree: the tree's size and the record's leaf
	 * index (4-byte big-endian each), then its path's hashes (32 bytes each, the leaf's
	 * sibling first).
	 */
	public static final String TREE_PATH_HEADER = "niksync-tree-path";

	/**
	 * The most records the registry signs with one signature: a record's path then holds
	 * at most 6 hashes (200 bytes with the header's name and sizes).
	 */
	public static final int TREE_LEAVES = 64;

	/**
	 * The largest tree a reader accepts: room for a registry that signs larger trees than
	 * today's, while a forged path costs at most 10 hashes.
	 */
	static final int MAX_TREE_SIZE = 1 << 10;

	/** The JDK's name of the algorithm (Java 15+, no provider needed). */
	static final String ALGORITHM = "Ed25519";

	/** Ed25519 signatures are always this long. */
	static final int SIGNATURE_LENGTH = 64;

	/**
	 * Names what the bytes are, so a signature made for this purpose (and this layout)
	 * means nothing anywhere else.
	 */
	private static final byte[] CONTEXT = "niksync-event-v1".getBytes(StandardCharsets.US_ASCII);

	/** The same for a tree's root: a record's signature is never a tree's, nor back. */
	private static final byte[] TREE_CONTEXT = "niksync-tree-v1".getBytes(StandardCharsets.US_ASCII);

	private EventSignatures() {
	}

	/**
	 * The bytes a signature covers: the context, then topic (UTF-8), key and value, each
	 * as a 4-byte big-endian length ({@code -1} for null) and its bytes. Lengths make the
	 * layout unambiguous: no two different (topic, key, value) give the same bytes.
	 * @param topic the topic the record is published to
	 * @param key the record key as on the wire (the serializer's bytes)
	 * @param value the record value as on the wire
	 */
	public static byte[] signedBytes(String topic, byte[] key, byte[] value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + topic.length() + length(key) + length(value));
		bytes.writeBytes(CONTEXT);
		field(bytes, topic.getBytes(StandardCharsets.UTF_8));
		field(bytes, key);
		field(bytes, value);
		return bytes.toByteArray();
	}

	/**
	 * The bytes a tree's signature covers: the context {@code niksync-tree-v1}, the
	 * tree's size (4-byte big-endian) and its root.
	 */
	static byte[] treeBytes(int size, byte[] root) {
		return ByteBuffer.allocate(TREE_CONTEXT.length + 4 + root.length)
			.put(TREE_CONTEXT)
			.putInt(size)
			.put(root)
			.array();
	}

	private static void field(ByteArrayOutputStream bytes, byte[] field) {
		bytes.writeBytes(ByteBuffer.allocate(4).putInt((field != null) ? field.length : -1).array());
		if (field != null) {
			bytes.writeBytes(field);
		}
	}

	private static int length(byte[] field) {
		return (field != null) ? field.length : 0;
	}

}
