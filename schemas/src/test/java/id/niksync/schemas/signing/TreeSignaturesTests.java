package id.niksync.schemas.signing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import id.niksync.schemas.signing.EventSigner.Unsigned;
import id.niksync.schemas.signing.EventVerifier.Outcome;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records signed together ({@link EventSigner#signTogether}): one signature per tree of
 * up to 64, each record still checked alone.
 */
class TreeSignaturesTests {

	private static final String TOPIC = "nik-changes";

	private final KeyPair pair = SigningKeys.generate();

	private final EventSigner signer = new EventSigner("reg-1", this.pair.getPrivate());

	private final EventVerifier verifier = new EventVerifier(Map.of("reg-1", this.pair.getPublic()));

	@Test
	void everyRecordOfEveryTreeVerifiesAlone() {
		for (int count : new int[] { 1, 2, 3, 5, 63, 64, 65, 130 }) {
			List<Unsigned> records = records(count);
			this.signer.signTogether(records);

			assertThat(records).allSatisfy((record) -> {
				assertThat(fresh().verify(TOPIC, record.key(), record.value(), record.headers()))
					.isEqualTo(Outcome.VALID);
				assertThat(this.verifier.verify(TOPIC, record.key(), record.value(), record.headers()))
					.isEqualTo(Outcome.VALID);
				assertThat(path(record).length).isLessThanOrEqualTo(8 + 6 * 32);
			});
			// one signature per 64 records
			assertThat(records.stream().map((record) -> ByteBuffer.wrap(signature(record))).distinct())
				.hasSize((count + 63) / 64);
		}
	}

	@Test
	void aChangedRecordOrPathIsRefused() {
		List<Unsigned> records = records(10);
		this.signer.signTogether(records);
		Unsigned record = records.get(6);
		byte[] path = path(record);
		assertThat(verify(record.key(), record.value(), record.headers())).isEqualTo(Outcome.VALID);

		byte[] otherValue = record.value().clone();
		otherValue[otherValue.length - 1] ^= 1;
		assertThat(verify(record.key(), otherValue, record.headers())).isEqualTo(Outcome.BAD_SIGNATURE);
		assertThat(verify(records.get(5).key(), record.value(), record.headers())).isEqualTo(Outcome.BAD_SIGNATURE);
		assertThat(this.verifier.verify("nik-changes-dlt", record.key(), record.value(), record.headers()))
			.isEqualTo(Outcome.BAD_SIGNATURE);

		for (int i = 0; i < path.length; i++) {
			byte[] flipped = path.clone();
			flipped[i] ^= 1;
			assertThat(verify(record.key(), record.value(), withPath(record, flipped))).as("byte %d flipped", i)
				.isEqualTo(Outcome.BAD_SIGNATURE);
		}
		assertThat(verify(record.key(), record.value(), withPath(record, Arrays.copyOf(path, path.length - 1))))
			.isEqualTo(Outcome.BAD_SIGNATURE);
		assertThat(verify(record.key(), record.value(), withPath(record, Arrays.copyOf(path, path.length + 32))))
			.isEqualTo(Outcome.BAD_SIGNATURE);
		assertThat(verify(record.key(), record.value(), withPath(record, new byte[7])))
			.isEqualTo(Outcome.BAD_SIGNATURE);
		assertThat(verify(record.key(), record.value(), withPath(record, sizes(0, 0))))
			.isEqualTo(Outcome.BAD_SIGNATURE);
		assertThat(verify(record.key(), record.value(), withPath(record, sizes(-1, 0))))
			.isEqualTo(Outcome.BAD_SIGNATURE);
		assertThat(verify(record.key(), record.value(), withPath(record, sizes(1 << 20, 0))))
			.isEqualTo(Outcome.BAD_SIGNATURE);
		assertThat(verify(record.key(), record.value(), withPath(record, null))).isEqualTo(Outcome.BAD_SIGNATURE);
	}

	@Test
	void aTreeSignatureIsNeverARecordSignatureNorBack() {
		List<Unsigned> single = records(1);
		this.signer.signTogether(single);
		Unsigned record = single.get(0);
		Headers withoutPath = copy(record.headers());
		withoutPath.remove(EventSignatures.TREE_PATH_HEADER);
		// a tree of one leaf: its root is the leaf's hash, but signed as a tree
		assertThat(verify(record.key(), record.value(), withoutPath)).isEqualTo(Outcome.BAD_SIGNATURE);

		Headers alone = new RecordHeaders();
		this.signer.sign(TOPIC, record.key(), record.value(), alone);
		assertThat(verify(record.key(), record.value(), alone)).isEqualTo(Outcome.VALID);
		alone.add(EventSignatures.TREE_PATH_HEADER, sizes(1, 0));
		assertThat(verify(record.key(), record.value(), alone)).isEqualTo(Outcome.BAD_SIGNATURE);

		Headers twoPaths = copy(record.headers());
		twoPaths.add(EventSignatures.TREE_PATH_HEADER, path(record));
		assertThat(verify(record.key(), record.value(), twoPaths)).isEqualTo(Outcome.UNSIGNED);
	}

	/**
	 * A tree once checked is remembered by key id, signature and root together: another
	 * signature, or another key's id, over the same root is checked again, and fails.
	 */
	@Test
	void aRememberedTreeHoldsOnlyForItsKeyAndSignature() {
		KeyPair next = SigningKeys.generate();
		EventVerifier both = new EventVerifier(Map.of("reg-1", this.pair.getPublic(), "reg-2", next.getPublic()));
		List<Unsigned> records = records(4);
		this.signer.signTogether(records);
		Unsigned record = records.get(1);
		assertThat(both.verify(TOPIC, record.key(), record.value(), record.headers())).isEqualTo(Outcome.VALID);

		Headers otherKeyId = copy(record.headers());
		otherKeyId.remove(EventSignatures.KEY_ID_HEADER);
		otherKeyId.add(EventSignatures.KEY_ID_HEADER, "reg-2".getBytes(StandardCharsets.UTF_8));
		assertThat(both.verify(TOPIC, record.key(), record.value(), otherKeyId)).isEqualTo(Outcome.BAD_SIGNATURE);

		byte[] otherSignature = signature(record).clone();
		otherSignature[0] ^= 1;
		Headers changed = copy(record.headers());
		changed.remove(EventSignatures.SIGNATURE_HEADER);
		changed.add(EventSignatures.SIGNATURE_HEADER, otherSignature);
		assertThat(both.verify(TOPIC, record.key(), record.value(), changed)).isEqualTo(Outcome.BAD_SIGNATURE);
		assertThat(both.verify(TOPIC, records.get(2).key(), records.get(2).value(), records.get(2).headers()))
			.isEqualTo(Outcome.VALID);
	}

	@Test
	void moreTreesThanItRemembersStillVerify() {
		List<Unsigned> records = new ArrayList<>();
		for (int i = 0; i <= EventVerifier.CHECKED_TREES; i++) {
			List<Unsigned> one = records(1);
			this.signer.signTogether(one);
			records.add(one.get(0));
		}
		assertThat(records).allSatisfy((record) -> assertThat(verify(record.key(), record.value(), record.headers()))
			.isEqualTo(Outcome.VALID));
		assertThat(verify(records.get(0).key(), records.get(0).value(), records.get(0).headers()))
			.isEqualTo(Outcome.VALID);
	}

	/**
	 * Readers meeting the same trees at once (one checks, the others wait for its result)
	 * each get the right answer, genuine records and changed ones mixed.
	 */
	@Test
	void readersAtOnceEachGetTheRightAnswer() throws Exception {
		List<Unsigned> records = records(64 * 20);
		this.signer.signTogether(records);
		java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(6);
		try {
			List<java.util.concurrent.Future<String>> wrong = new ArrayList<>();
			for (int thread = 0; thread < 6; thread++) {
				int offset = thread;
				wrong.add(readers.submit(() -> {
					for (int n = 0; n < records.size(); n++) {
						Unsigned record = records.get((n * 7 + offset * 64) % records.size());
						boolean change = (n + offset) % 5 == 0;
						byte[] value = record.value().clone();
						if (change) {
							value[value.length - 1] ^= 1;
						}
						Outcome outcome = this.verifier.verify(TOPIC, record.key(), value, record.headers());
						if (outcome != (change ? Outcome.BAD_SIGNATURE : Outcome.VALID)) {
							return "record " + n + " (changed: " + change + "): " + outcome;
						}
					}
					return null;
				}));
			}
			for (java.util.concurrent.Future<String> answer : wrong) {
				assertThat(answer.get()).isNull();
			}
		}
		finally {
			readers.shutdownNow();
		}
	}

	/**
	 * The tree is RFC 9162's (section 2.1.1): its root is the reference definition's for
	 * every size, and every leaf's path leads there.
	 */
	@Test
	void theTreeIsRfc9162s() {
		for (int size = 1; size <= 70; size++) {
			byte[][] leaves = IntStream.range(0, size)
				.mapToObj((i) -> MerkleTree.leafHash(new byte[] { (byte) i }))
				.toArray(byte[][]::new);
			MerkleTree tree = new MerkleTree(leaves);

			assertThat(tree.root()).isEqualTo(referenceRoot(leaves, 0, size));
			for (int i = 0; i < size; i++) {
				List<byte[]> path = tree.path(i);
				assertThat(path).hasSize(MerkleTree.pathLength(i, size));
				ByteBuffer bytes = ByteBuffer.allocate(path.size() * 32);
				path.forEach(bytes::put);
				assertThat(MerkleTree.rootFrom(leaves[i], i, size, bytes.array(), 0)).isEqualTo(tree.root());
				if (size > 1) {
					assertThat(MerkleTree.rootFrom(leaves[i], (i + 1) % size, size, bytes.array(), 0))
						.isNotEqualTo(tree.root());
				}
			}
		}
	}

	/** MTH of RFC 9162: split at the largest power of two below the size. */
	private static byte[] referenceRoot(byte[][] leaves, int from, int to) {
		int n = to - from;
		if (n == 1) {
			return leaves[from];
		}
		int k = Integer.highestOneBit(n - 1);
		return MerkleTree.nodeHash(referenceRoot(leaves, from, from + k), referenceRoot(leaves, from + k, to));
	}

	private EventVerifier fresh() {
		return new EventVerifier(Map.of("reg-1", this.pair.getPublic()));
	}

	/** By the verifier that remembers the trees it checked. */
	private Outcome verify(byte[] key, byte[] value, Headers headers) {
		return this.verifier.verify(TOPIC, key, value, headers);
	}

	private static List<Unsigned> records(int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> new Unsigned(TOPIC, String.format("35110145069%05d", i).getBytes(StandardCharsets.UTF_8),
					new byte[] { (byte) 0xC3, 0x01, (byte) i, (byte) (i >> 8), 7 }, new RecordHeaders()))
			.toList();
	}

	private static byte[] path(Unsigned record) {
		return record.headers().lastHeader(EventSignatures.TREE_PATH_HEADER).value();
	}

	private static byte[] signature(Unsigned record) {
		return record.headers().lastHeader(EventSignatures.SIGNATURE_HEADER).value();
	}

	private static Headers withPath(Unsigned record, byte[] path) {
		Headers headers = copy(record.headers());
		headers.remove(EventSignatures.TREE_PATH_HEADER);
		headers.add(EventSignatures.TREE_PATH_HEADER, path);
		return headers;
	}

	private static Headers copy(Headers headers) {
		return new RecordHeaders(headers.toArray());
	}

	private static byte[] sizes(int size, int index) {
		return ByteBuffer.allocate(8).putInt(size).putInt(index).array();
	}

}
