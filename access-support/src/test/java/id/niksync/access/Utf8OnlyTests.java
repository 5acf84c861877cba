package id.niksync.access;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class Utf8OnlyTests {

	private static final TypeReference<Map<String, String>> TEXT = new TypeReference<>() {
	};

	private static final CharsetDecoder JDK = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	private final ObjectMapper plain = new ObjectMapper();

	private final ObjectMapper json = new ObjectMapper();

	{
		this.json.getFactory().setInputDecorator(new Utf8Only());
	}

	@Test
	void aNonShortestSlashIsRefusedWhereJacksonAloneReadsASlash() throws Exception {
		byte[] body = bytes("{\"reason\":\"a", 0xC0, 0xAF, "b\"}");
		assertThat(this.plain.readValue(body, TEXT)).containsEntry("reason", "a/b");
		assertThatExceptionOfType(Utf8Only.NotUtf8Exception.class).isThrownBy(() -> this.json.readValue(body, TEXT));
		assertThatExceptionOfType(Utf8Only.NotUtf8Exception.class)
			.isThrownBy(() -> this.json.readValue(new ByteArrayInputStream(body), TEXT));
	}

	@Test
	void readsWellFormedTextOfEveryLength() throws Exception {
		String text = "Siti Aminah é € 𝄞 ब";
		byte[] body = ("{\"name\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
		assertThat(this.json.readValue(body, TEXT)).containsEntry("name", text);
		assertThat(this.json.readValue(new OneByteAtATime(body), TEXT)).containsEntry("name", text);
	}

	/**
	 * Jackson alone reads JSON in UTF-16 and UTF-32 without a byte-order mark, telling
	 * them by the NUL bytes around the first characters; with one, the mark is no UTF-8.
	 */
	@Test
	void refusesJsonInUtf16OrUtf32AndASequenceCutShort() throws Exception {
		String text = "{\"a\":\"b/c\"}";
		for (Charset charset : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
				Charset.forName("UTF-32LE"), Charset.forName("UTF-32BE"))) {
			byte[] body = text.getBytes(charset);
			assertThat(this.plain.readValue(body, TEXT)).as(charset.name()).containsEntry("a", "b/c");
			assertThat(catchRead(body)).as(charset.name()).isInstanceOf(Utf8Only.NotUtf8Exception.class);
			assertThatExceptionOfType(Utf8Only.NotUtf8Exception.class).as(charset.name())
				.isThrownBy(() -> this.json.readValue(body, TEXT));
		}
		byte[] withUtf8Mark = bytes(0xEF, 0xBB, 0xBF, text);
		assertThat(this.json.readValue(withUtf8Mark, TEXT)).containsEntry("a", "b/c");
		byte[] cut = bytes("{\"a\":\"b", 0xE2, 0x82, "\"}");
		assertThat(catchRead(cut)).isInstanceOf(Utf8Only.NotUtf8Exception.class);
	}

	/**
	 * Agrees with the JDK's decoder (which refuses non-shortest forms, surrogates and
	 * code points past U+10FFFF) on every sequence of one and two bytes, every three-byte
	 * sequence after a lead of three or four bytes, and four-byte sequences around every
	 * boundary, read whole and split across two reads at every point.
	 */
	@Test
	void agreesWithTheJdksStrictDecoder() throws Exception {
		int[] edges = { 0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0,
				0xF4, 0xF5, 0xFF };
		int[] continuations = { 0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xFF };
		int checked = 0;
		for (int a = 0; a < 256; a++) {
			checked += agree(a);
			for (int b = 0; b < 256; b++) {
				checked += agree(a, b);
				if (a >= 0xE0 && a <= 0xF4) {
					for (int c : continuations) {
						checked += agree(a, b, c);
					}
				}
			}
		}
		for (int a = 0xF0; a <= 0xF7; a++) {
			for (int b : edges) {
				for (int c : continuations) {
					for (int d : continuations) {
						checked += agree(a, b, c, d);
					}
				}
			}
		}
		assertThat(checked).isGreaterThan(100_000);
	}

	private static int agree(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		boolean jdk = jdkReads(bytes);
		for (int split = 1; split <= bytes.length; split++) {
			if (decoderReads(bytes, split) != jdk) {
				throw new AssertionError(
						"%s split at %d: the JDK %s it".formatted(hex(bytes), split, jdk ? "reads" : "refuses"));
			}
		}
		return 1;
	}

	private static boolean jdkReads(byte[] bytes) {
		try {
			JDK.reset().decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private static boolean decoderReads(byte[] bytes, int split) {
		Utf8Only.Decoder decoder = new Utf8Only.Decoder(true);
		try {
			decoder.accept(bytes, 0, split);
			decoder.accept(bytes, split, bytes.length - split);
			decoder.end();
			return true;
		}
		catch (Utf8Only.NotUtf8Exception ex) {
			return false;
		}
	}

	@Test
	void checksByteByByteReadsAndSkipsToo() throws Exception {
		InputStream checked = new Utf8Only().decorate(null, new ByteArrayInputStream(bytes("a", 0xC0, 0xAF)));
		assertThat(checked.read()).isEqualTo('a');
		assertThatExceptionOfType(Utf8Only.NotUtf8Exception.class).isThrownBy(checked::read);

		InputStream cut = new Utf8Only().decorate(null, new ByteArrayInputStream(bytes("a", 0xE2, 0x82)));
		assertThat(cut.skip(-1)).isZero();
		assertThat(cut.skip(3)).isEqualTo(3);
		assertThatExceptionOfType(Utf8Only.NotUtf8Exception.class).isThrownBy(cut::read);
	}

	private Exception catchRead(byte[] body) {
		try {
			this.json.readValue(new ByteArrayInputStream(body), TEXT);
			return null;
		}
		catch (Exception ex) {
			return ex;
		}
	}

	private static byte[] bytes(Object... parts) {
		ByteBuffer buffer = ByteBuffer.allocate(256);
		for (Object part : parts) {
			if (part instanceof String text) {
				buffer.put(text.getBytes(StandardCharsets.UTF_8));
			}
			else {
				buffer.put((byte) (int) (Integer) part);
			}
		}
		return Arrays.copyOf(buffer.array(), buffer.position());
	}

	private static String hex(byte[] bytes) {
		return java.util.HexFormat.ofDelimiter(" ").formatHex(bytes);
	}

	/** One byte per read: every sequence arrives split across reads. */
	private static final class OneByteAtATime extends InputStream {

		private final ByteArrayInputStream in;

		OneByteAtATime(byte[] bytes) {
			this.in = new ByteArrayInputStream(bytes);
		}

		@Override
		public int read() {
			return this.in.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (length == 0) {
				return 0;
			}
			int b = this.in.read();
			if (b < 0) {
				return -1;
			}
			buffer[offset] = (byte) b;
			return 1;
		}

	}

}
