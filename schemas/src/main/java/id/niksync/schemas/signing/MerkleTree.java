package id.niksync.schemas.signing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Merkle tree of SHA-256 hashes in the shape of RFC 9162 (Certificate Transparency
 * 2.0), section 2.1: a leaf's hash is {@code SHA-256(0x00 || leaf)}, an inner node's
 * {@code SHA-256(0x01 || left || right)}; a level's last node without a sibling moves up
 * unchanged (it is never paired with itself, so no two different leaf lists give the same
 * root). The distinct prefixes keep a leaf from passing for a node.
 */
final class MerkleTree {

	/** Every hash's length in bytes. */
	static final int HASH_LENGTH = 32;

	private static final byte LEAF = 0;

	private static final byte NODE = 1;

	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(MerkleTree::sha256);

	/** Level 0 the leaves' hashes, the last level the root alone. */
	private final List<byte[][]> levels = new ArrayList<>();

	/**
	 * @param leafHashes each leaf's {@link #leafHash}, at least one
	 */
	MerkleTree(byte[][] leafHashes) {
		if (leafHashes.length == 0) {
			throw new IllegalArgumentException("A tree needs at least one leaf");
		}
		byte[][] level = leafHashes;
		this.levels.add(level);
		while (level.length > 1) {
			byte[][] up = new byte[(level.length + 1) / 2][];
			for (int i = 0; i < up.length; i++) {
				up[i] = (2 * i + 1 < level.length) ? nodeHash(level[2 * i], level[2 * i + 1]) : level[2 * i];
			}
			this.levels.add(up);
			level = up;
		}
	}

	byte[] root() {
		return this.levels.get(this.levels.size() - 1)[0];
	}

	/**
	 * The hashes that lead from the leaf to the root, the leaf's sibling first; a level
	 * where the node had no sibling adds none.
	 */
	List<byte[]> path(int index) {
		List<byte[]> path = new ArrayList<>();
		int i = index;
		for (int l = 0; l < this.levels.size() - 1; l++) {
			byte[][] level = this.levels.get(l);
			int sibling = i ^ 1;
			if (sibling < level.length) {
				path.add(level[sibling]);
			}
			i >>= 1;
		}
		return path;
	}

	/**
	 * How many hashes the path of leaf {@code index} in a tree of {@code size} leaves
	 * has.
	 */
	static int pathLength(int index, int size) {
		int length = 0;
		for (int i = index, n = size; n > 1; i >>= 1, n = (n + 1) / 2) {
			if ((i ^ 1) < n) {
				length++;
			}
		}
		return length;
	}

	/**
	 * The root that a leaf hash and its path lead to.
	 * @param path the path's hashes, one after another, from {@code offset} to the end:
	 * exactly {@link #pathLength} of them
	 * @return the root, or null when {@code path} does not hold exactly that many hashes
	 */
	static byte[] rootFrom(byte[] leafHash, int index, int size, byte[] path, int offset) {
		if (index < 0 || index >= size || path.length - offset != pathLength(index, size) * HASH_LENGTH) {
			return null;
		}
		byte[] hash = leafHash;
		int at = offset;
		for (int i = index, n = size; n > 1; i >>= 1, n = (n + 1) / 2) {
			if ((i & 1) == 1) {
				hash = nodeHash(path, at, hash, 0);
				at += HASH_LENGTH;
			}
			else if (i + 1 < n) {
				hash = nodeHash(hash, 0, path, at);
				at += HASH_LENGTH;
			}
		}
		return hash;
	}

	static byte[] leafHash(byte[] leaf) {
		MessageDigest sha = digest();
		sha.update(LEAF);
		return sha.digest(leaf);
	}

	static byte[] nodeHash(byte[] left, byte[] right) {
		return nodeHash(left, 0, right, 0);
	}

	private static byte[] nodeHash(byte[] left, int leftOffset, byte[] right, int rightOffset) {
		MessageDigest sha = digest();
		sha.update(NODE);
		sha.update(left, leftOffset, HASH_LENGTH);
		sha.update(right, rightOffset, HASH_LENGTH);
		return sha.digest();
	}

	/** This thread's digest, reset: nothing of a hash left unfinished can leak in. */
	private static MessageDigest digest() {
		MessageDigest sha = SHA_256.get();
		sha.reset();
		return sha;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
