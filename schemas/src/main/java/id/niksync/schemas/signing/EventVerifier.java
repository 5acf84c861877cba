package id.niksync.schemas.signing;

import java.nio.ByteBuffer;
import java.security.PublicKey;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;

import id.niksync.schemas.StrictUtf8;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Checks records' signatures ({@link EventSignatures}) against a set of Ed25519 public
 * keys by key id. Several keys at once let the registry's key be rotated without
 * downtime. Thread-safe.
 */
public final class EventVerifier {

	/**
	 * The Ed25519 public keys by key id, each decoded and fully validated once
	 * (BouncyCastle's {@code PublicPoint}): a check then decodes only the signature's
	 * point, not the key's as well (about a tenth of a check's CPU).
	 */
	private final Map<String, Ed25519.PublicPoint> keys;

	/**
	 * Trees whose signature was found valid, or is being checked (key id, signature and
	 * signed bytes): the other records of a tree then cost a few hashes, not a signature
	 * check each. Only valid ones are kept: a forged record costs one check, as every
	 * record did before trees. Whoever may write the topic can still flush this by
	 * sending old genuine records of more trees than it holds, which costs at worst one
	 * check per record, again as before.
	 */
	private final Map<Tree, FutureTask<Boolean>> checkedTrees = new ConcurrentHashMap<>();

	/**
	 * How many checked trees are remembered; then all are forgotten at once. The relay
	 * writes one tree per 64 records, so this covers a quarter of a million records in
	 * flight, at about 200 bytes a tree.
	 */
	static final int CHECKED_TREES = 4096;

	/**
	 * @param keys the verification keys by key id
	 */
	public EventVerifier(Map<String, PublicKey> keys) {
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("At least one verification key is needed");
		}
		keys.keySet().forEach(SigningKeys::checkKeyId);
		Map<String, Ed25519.PublicPoint> points = new java.util.HashMap<>();
		keys.forEach((id, publicKey) -> {
			// the same validation the byte[] form of verify makes on every call
			Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(SigningKeys.rawPublicKey(publicKey), 0);
			if (point == null) {
				throw new IllegalArgumentException("The public key of key id " + id + " is not a valid Ed25519 key");
			}
			points.put(id, point);
		});
		this.keys = Map.copyOf(points);
	}

	public Set<String> keyIds() {
		return new TreeSet<>(this.keys.keySet());
	}

	/**
	 * Whether the record was signed by one of the keys: exactly one key id header naming
	 * a known key, and exactly one signature header whose signature over the record's
	 * topic, key and value that key verifies; or, with one tree path header, whose
	 * signature over the root that the record and its path lead to that key verifies.
	 */
	public Outcome verify(String topic, byte[] key, byte[] value, Headers headers) {
		Header keyIdHeader = single(headers, EventSignatures.KEY_ID_HEADER);
		Header signatureHeader = single(headers, EventSignatures.SIGNATURE_HEADER);
		if (keyIdHeader == null || signatureHeader == null || keyIdHeader.value() == null
				|| signatureHeader.value() == null) {
			return Outcome.UNSIGNED;
		}
		Iterator<Header> paths = headers.headers(EventSignatures.TREE_PATH_HEADER).iterator();
		Header pathHeader = paths.hasNext() ? paths.next() : null;
		if (paths.hasNext()) {
			return Outcome.UNSIGNED;
		}
		String keyId = StrictUtf8.decode(keyIdHeader.value());
		Ed25519.PublicPoint publicKey = (keyId != null) ? this.keys.get(keyId) : null;
		if (publicKey == null) {
			return Outcome.UNKNOWN_KEY;
		}
		if (signatureHeader.value().length != EventSignatures.SIGNATURE_LENGTH) {
			return Outcome.BAD_SIGNATURE;
		}
		// BouncyCastle's RFC 8032 Ed25519: the same signatures as the JDK's provider
		// (EventSignaturesTests), several times faster (README, "Signed events").
		byte[] message = EventSignatures.signedBytes(topic, key, value);
		if (pathHeader == null) {
			return valid(signatureHeader.value(), publicKey, message) ? Outcome.VALID : Outcome.BAD_SIGNATURE;
		}
		return verifyInTree(keyIdHeader.value(), publicKey, signatureHeader.value(), message, pathHeader.value());
	}

	/**
	 * A record signed in a tree: its path must lead from its leaf to a root whose
	 * signature the key verifies.
	 */
	private Outcome verifyInTree(byte[] keyId, Ed25519.PublicPoint publicKey, byte[] signature, byte[] leaf,
			byte[] path) {
		if (path == null || path.length < 8) {
			return Outcome.BAD_SIGNATURE;
		}
		ByteBuffer sizes = ByteBuffer.wrap(path);
		int size = sizes.getInt();
		int index = sizes.getInt();
		if (size < 1 || size > EventSignatures.MAX_TREE_SIZE) {
			return Outcome.BAD_SIGNATURE;
		}
		byte[] root = MerkleTree.rootFrom(MerkleTree.leafHash(leaf), index, size, path, 8);
		if (root == null) {
			return Outcome.BAD_SIGNATURE;
		}
		byte[] treeBytes = EventSignatures.treeBytes(size, root);
		return validOnce(new Tree(keyId, signature, treeBytes), () -> valid(signature, publicKey, treeBytes))
				? Outcome.VALID : Outcome.BAD_SIGNATURE;
	}

	/**
	 * The tree's check, made once: the first reader of a tree checks it, outside the
	 * map's locks; readers of its other records meanwhile wait for that one check instead
	 * of each making their own (the relay's trees span partitions, so consumers meet a
	 * new tree at about the same time). Same key, same inputs: the result is theirs too.
	 * Only a valid tree stays remembered.
	 */
	private boolean validOnce(Tree tree, BooleanSupplier check) {
		FutureTask<Boolean> task = this.checkedTrees.get(tree);
		if (task == null) {
			if (this.checkedTrees.size() >= CHECKED_TREES) {
				this.checkedTrees.clear();
			}
			FutureTask<Boolean> mine = new FutureTask<>(check::getAsBoolean);
			task = this.checkedTrees.putIfAbsent(tree, mine);
			if (task == null) {
				task = mine;
				mine.run();
			}
		}
		boolean valid;
		try {
			valid = task.get();
		}
		catch (InterruptedException ex) {
			// not waiting then: this thread checks it itself
			Thread.currentThread().interrupt();
			valid = check.getAsBoolean();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Error error) {
				// Not a verdict on the tree (a class that failed to load): thrown, not
				// taken for a forgery, which would refuse every record while it lasts.
				this.checkedTrees.remove(tree, task);
				throw error;
			}
			valid = false;
		}
		if (!valid) {
			this.checkedTrees.remove(tree, task);
		}
		return valid;
	}

	private static boolean valid(byte[] signature, Ed25519.PublicPoint publicKey, byte[] message) {
		return Ed25519.verify(signature, 0, publicKey, message, 0, message.length);
	}

	/** The only header of that name; null when there is none or more than one. */
	private static Header single(Headers headers, String name) {
		Iterator<Header> all = headers.headers(name).iterator();
		if (!all.hasNext()) {
			return null;
		}
		Header header = all.next();
		return all.hasNext() ? null : header;
	}

	/**
	 * A tree as signed: key id, signature and signed bytes. Its hash is taken from the
	 * signature's first bytes, which are as good as random, instead of hashing all of
	 * them on every look-up.
	 */
	private record Tree(byte[] keyId, byte[] signature, byte[] treeBytes) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Tree tree && Arrays.equals(this.signature, tree.signature)
					&& Arrays.equals(this.treeBytes, tree.treeBytes) && Arrays.equals(this.keyId, tree.keyId);
		}

		@Override
		public int hashCode() {
			return ByteBuffer.wrap(this.signature).getInt();
		}

	}

	/** What a check found. */
	public enum Outcome {

		/** Signed by one of the keys, over exactly these topic, key and value. */
		VALID,

		/** No signature, no key id, or either (or a tree path) twice. */
		UNSIGNED,

		/** A key id none of the verification keys has. */
		UNKNOWN_KEY,

		/**
		 * The key's signature does not match: the record was changed, or signed by
		 * someone else; or its tree path is malformed or does not lead to the signed
		 * root.
		 */
		BAD_SIGNATURE

	}

}
