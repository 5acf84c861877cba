package id.niksync.schemas.signing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventSignaturesTests {

	private static final String TOPIC = "nik-changes";

	private static final byte[] KEY = "3511014506900001".getBytes(StandardCharsets.UTF_8);

	private static final byte[] VALUE = { (byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 42 };

	private final KeyPair pair = SigningKeys.generate();

	private final EventSigner signer = new EventSigner("reg-1", this.pair.getPrivate());

	private final EventVerifier verifier = new EventVerifier(Map.of("reg-1", this.pair.getPublic()));

	@Test
	void verifiesWhatItSigned() {
		Headers headers = signed(TOPIC, KEY, VALUE);

		assertThat(this.verifier.verify(TOPIC, KEY, VALUE, headers)).isEqualTo(EventVerifier.Outcome.VALID);
		assertThat(headers.lastHeader(EventSignatures.KEY_ID_HEADER).value())
			.isEqualTo("reg-1".getBytes(StandardCharsets.UTF_8));
		assertThat(headers.lastHeader(EventSignatures.SIGNATURE_HEADER).value()).hasSize(64);
	}

	/**
	 * Signing and verifying use BouncyCastle's Ed25519; signatures must be exactly the
	 * JDK provider's (Ed25519 is deterministic), so keys and signatures from either side
	 * (openssl, the JDK) work with the other.
	 */
	@Test
	void signsExactlyAsTheJdkProviderAndEachVerifiesTheOther() throws Exception {
		byte[] message = EventSignatures.signedBytes(TOPIC, KEY, VALUE);
		java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
		jdk.initSign(this.pair.getPrivate());
		jdk.update(message);
		byte[] jdkSignature = jdk.sign();

		byte[] ours = new EventSigner("k1", this.pair.getPrivate()).sign(TOPIC, KEY, VALUE);

		assertThat(ours).isEqualTo(jdkSignature);
		java.security.Signature check = java.security.Signature.getInstance("Ed25519");
		check.initVerify(this.pair.getPublic());
		check.update(message);
		assertThat(check.verify(ours)).isTrue();
		Headers headers = new RecordHeaders();
		headers.add(EventSignatures.KEY_ID_HEADER, "k1".getBytes(StandardCharsets.UTF_8));
		headers.add(EventSignatures.SIGNATURE_HEADER, jdkSignature);
		assertThat(new EventVerifier(Map.of("k1", this.pair.getPublic())).verify(TOPIC, KEY, VALUE, headers))
			.isEqualTo(EventVerifier.Outcome.VALID);
	}

	@Test
	void refusesATamperedTopicKeyOrValue() {
		Headers headers = signed(TOPIC, KEY, VALUE);
		byte[] otherValue = VALUE.clone();
		otherValue[VALUE.length - 1] ^= 1;
		byte[] otherKey = "3511014506900002".getBytes(StandardCharsets.UTF_8);

		assertThat(this.verifier.verify("nik-changes-dlt", KEY, VALUE, headers))
			.isEqualTo(EventVerifier.Outcome.BAD_SIGNATURE);
		assertThat(this.verifier.verify(TOPIC, otherKey, VALUE, headers))
			.isEqualTo(EventVerifier.Outcome.BAD_SIGNATURE);
		assertThat(this.verifier.verify(TOPIC, KEY, otherValue, headers))
			.isEqualTo(EventVerifier.Outcome.BAD_SIGNATURE);
		assertThat(this.verifier.verify(TOPIC, null, VALUE, headers)).isEqualTo(EventVerifier.Outcome.BAD_SIGNATURE);
		assertThat(this.verifier.verify(TOPIC, KEY, null, headers)).isEqualTo(EventVerifier.Outcome.BAD_SIGNATURE);
	}

	@Test
	void keepsFieldBoundaries() {
		// Without lengths, moving a byte from the key to the value would keep the bytes.
		assertThat(EventSignatures.signedBytes(TOPIC, new byte[] { 1, 2 }, new byte[] { 3 }))
			.isNotEqualTo(EventSignatures.signedBytes(TOPIC, new byte[] { 1 }, new byte[] { 2, 3 }));
		assertThat(EventSignatures.signedBytes(TOPIC, null, new byte[0]))
			.isNotEqualTo(EventSignatures.signedBytes(TOPIC, new byte[0], null));
	}

	@Test
	void refusesAnUnsignedRecordOrOneWithTwoSignatures() {
		assertThat(this.verifier.verify(TOPIC, KEY, VALUE, new RecordHeaders()))
			.isEqualTo(EventVerifier.Outcome.UNSIGNED);
		Headers onlyKeyId = new RecordHeaders();
		onlyKeyId.add(EventSignatures.KEY_ID_HEADER, "reg-1".getBytes(StandardCharsets.UTF_8));
		assertThat(this.verifier.verify(TOPIC, KEY, VALUE, onlyKeyId)).isEqualTo(EventVerifier.Outcome.UNSIGNED);

		Headers twice = signed(TOPIC, KEY, VALUE);
		twice.add(EventSignatures.SIGNATURE_HEADER, new byte[64]);
		assertThat(this.verifier.verify(TOPIC, KEY, VALUE, twice)).isEqualTo(EventVerifier.Outcome.UNSIGNED);
	}

	@Test
	void refusesAnUnknownKeyIdAndAnotherKeysSignature() {
		KeyPair other = SigningKeys.generate();
		Headers unknown = new RecordHeaders();
		new EventSigner("someone-else", other.getPrivate()).sign(TOPIC, KEY, VALUE, unknown);
		Headers impostor = new RecordHeaders();
		new EventSigner("reg-1", other.getPrivate()).sign(TOPIC, KEY, VALUE, impostor);
		Headers shortSignature = signed(TOPIC, KEY, VALUE);
		shortSignature.remove(EventSignatures.SIGNATURE_HEADER);
		shortSignature.add(EventSignatures.SIGNATURE_HEADER, new byte[63]);

		assertThat(this.verifier.verify(TOPIC, KEY, VALUE, unknown)).isEqualTo(EventVerifier.Outcome.UNKNOWN_KEY);
		assertThat(this.verifier.verify(TOPIC, KEY, VALUE, impostor)).isEqualTo(EventVerifier.Outcome.BAD_SIGNATURE);
		assertThat(this.verifier.verify(TOPIC, KEY, VALUE, shortSignature))
			.isEqualTo(EventVerifier.Outcome.BAD_SIGNATURE);
	}

	@Test
	void verifiesWithEitherKeyWhileOneIsRotated() {
		KeyPair next = SigningKeys.generate();
		EventVerifier both = new EventVerifier(Map.of("reg-1", this.pair.getPublic(), "reg-2", next.getPublic()));
		Headers byNext = new RecordHeaders();
		new EventSigner("reg-2", next.getPrivate()).sign(TOPIC, KEY, VALUE, byNext);

		assertThat(both.verify(TOPIC, KEY, VALUE, signed(TOPIC, KEY, VALUE))).isEqualTo(EventVerifier.Outcome.VALID);
		assertThat(both.verify(TOPIC, KEY, VALUE, byNext)).isEqualTo(EventVerifier.Outcome.VALID);
		assertThat(this.verifier.verify(TOPIC, KEY, VALUE, byNext)).isEqualTo(EventVerifier.Outcome.UNKNOWN_KEY);
	}

	@Test
	void readsKeysInTheFormOpensslWrites() {
		String privateKey = SigningKeys.encode(this.pair.getPrivate());
		String publicPem = "-----BEGIN PUBLIC KEY-----\n" + SigningKeys.encode(this.pair.getPublic())
				+ "\n-----END PUBLIC KEY-----\n";
		EventSigner fromConfig = EventSigner.of("reg-1", privateKey);
		Headers headers = new RecordHeaders();
		fromConfig.sign(TOPIC, KEY, VALUE, headers);

		assertThat(
				new EventVerifier(Map.of("reg-1", SigningKeys.publicKey(publicPem))).verify(TOPIC, KEY, VALUE, headers))
			.isEqualTo(EventVerifier.Outcome.VALID);
	}

	@Test
	void refusesKeysAndKeyIdsThatAreNot() {
		assertThatIllegalArgumentException().isThrownBy(() -> EventSigner.of("reg-1", ""))
			.withMessageContaining("No private key");
		assertThatIllegalArgumentException().isThrownBy(() -> EventSigner.of("reg-1", "bm90IGEga2V5"))
			.withMessageContaining("not an Ed25519 key");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventSigner.of("Reg 1", SigningKeys.encode(this.pair.getPrivate())))
			.withMessageContaining("key id");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKeys.publicKey(SigningKeys.encode(this.pair.getPrivate())))
			.withMessageContaining("not an Ed25519 key");
	}

	/**
	 * The key is validated once, when the verifier is made: a key that is no usable
	 * Ed25519 point (here the neutral element, which would accept forged signatures
	 * without the full check) is refused then, not left to fail every record.
	 */
	@Test
	void refusesAVerificationKeyThatIsNoValidPoint() {
		byte[] neutralPoint = java.util.HexFormat.of().parseHex("302a300506032b6570032100" + "01" + "00".repeat(31));
		java.security.PublicKey key = SigningKeys.publicKey(java.util.Base64.getEncoder().encodeToString(neutralPoint));

		assertThatIllegalArgumentException().isThrownBy(() -> new EventVerifier(Map.of("reg-1", key)))
			.withMessageContaining("not a valid Ed25519 key");
	}

	private Headers signed(String topic, byte[] key, byte[] value) {
		Headers headers = new RecordHeaders();
		this.signer.sign(topic, key, value, headers);
		return headers;
	}

}
