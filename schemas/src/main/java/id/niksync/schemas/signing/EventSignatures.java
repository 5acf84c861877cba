package id.niksync.schemas.signing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The contract of a signed {@code nik-changes} record: which headers carry the signature,
 * and which bytes it signs. The registry signs every record it publishes with Ed25519;
 * partner-sync holds public keys only, so it can check a record's origin but never make
 * one.
 */
public final class EventSignatures {

	/** The signing key's id, UTF-8 text: selects the verification key. */
	public static final String KEY_ID_HEADER = "niksync-key-id";

	/** The Ed25519 signature, the raw 64 bytes. */
	public static final String SIGNATURE_HEADER = "niksync-signature";

	/** The JDK's name of the algorithm (Java 15+, no provider needed). */
	static final String ALGORITHM = "Ed25519";

	/** Ed25519 signatures are always this long. */
	static final int SIGNATURE_LENGTH = 64;

	/**
	 * Names what the bytes are, so a signature made for this purpose (and this layout)
	 * means nothing anywhere else.
	 */
	private static final byte[] CONTEXT = "niksync-event-v1".getBytes(StandardCharsets.US_ASCII);

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
