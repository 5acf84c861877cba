package id.niksync.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes read as UTF-8 only when they are UTF-8: no replacement character for a malformed
 * sequence, an overlong form or an encoded surrogate, as Java's own decoding gives.
 */
public final class StrictUtf8 {

	private StrictUtf8() {
	}

	/**
	 * @return the text {@code bytes} are the UTF-8 of, or {@code null} if they are not
	 * UTF-8
	 */
	public static String decode(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
