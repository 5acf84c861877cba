package id.niksync.access;

import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;

/**
 * Lets a JSON parser read only well-formed UTF-8 (Unicode's Table 3-7). Jackson's parser
 * decodes a non-shortest form without complaint: {@code C0 AF} inside a string became
 * {@code /}, so text that no check of the raw bytes would call a slash arrived as one.
 * Refused while the body is read, it is a {@code 400 MALFORMED_REQUEST} like bytes that
 * are no UTF-8 at all ({@code FF}), which Jackson refuses itself. Also refused: encoded
 * surrogates ({@code ED A0 80}), code points past U+10FFFF, a sequence cut short at the
 * end, and a NUL byte, which JSON text never holds but JSON in UTF-16 or UTF-32 always
 * does (RFC 8259: JSON between systems is UTF-8; with a byte-order mark it is no UTF-8
 * from the first byte). A UTF-8 byte-order mark is well-formed and left to the parser.
 * <p>
 * Text already decoded (a {@link Reader}) is left alone: Spring MVC decodes a body itself
 * only when its {@code Content-Type} names another charset than UTF-8, which
 * {@link Utf8JsonMessageConverter} refuses.
 */
public final class Utf8Only extends InputDecorator {

	private static final long serialVersionUID = 1L;

	@Override
	public InputStream decorate(IOContext context, InputStream in) {
		return new Checked(in);
	}

	/** Checks the whole array now; {@code null}: the parser reads it as it is. */
	@Override
	public InputStream decorate(IOContext context, byte[] bytes, int offset, int length)
			throws CharConversionException {
		Decoder decoder = Decoder.json();
		decoder.accept(bytes, offset, length);
		decoder.end();
		return null;
	}

	@Override
	public Reader decorate(IOContext context, Reader reader) {
		return reader;
	}

	/** What a body holds that is not UTF-8; an {@code IOException}, as a read fails. */
	public static final class NotUtf8Exception extends CharConversionException {

		private static final long serialVersionUID = 1L;

		NotUtf8Exception(String message) {
			super(message);
		}

	}

	/**
	 * Where a stream of bytes stands in a UTF-8 sequence: how many continuation bytes are
	 * still due and the range the next one must fall in (narrower than {@code 80..BF}
	 * after {@code E0}, {@code ED}, {@code F0} and {@code F4}).
	 */
	static final class Decoder {

		private final boolean nulAllowed;

		private int due;

		private int low = 0x80;

		private int high = 0xBF;

		private long offset;

		/**
		 * @param nulAllowed whether a NUL byte is (well-formed UTF-8, but never in JSON
		 * text, where a NUL is written {@code \u0000}; JSON in UTF-16 or UTF-32 without a
		 * byte-order mark holds one in its first four bytes)
		 */
		Decoder(boolean nulAllowed) {
			this.nulAllowed = nulAllowed;
		}

		/** For JSON text: no NUL byte. */
		static Decoder json() {
			return new Decoder(false);
		}

		void accept(byte[] bytes, int from, int length) throws NotUtf8Exception {
			int end = from + length;
			for (int i = from; i < end; i++) {
				int b = bytes[i];
				if (b > 0 && this.due == 0) {
					continue;
				}
				step(b & 0xFF, this.offset + i - from);
			}
			this.offset += length;
		}

		void accept(int b) throws NotUtf8Exception {
			step(b, this.offset++);
		}

		private void step(int b, long at) throws NotUtf8Exception {
			if (b == 0 && !this.nulAllowed) {
				throw new NotUtf8Exception("Not UTF-8 JSON: a NUL byte at " + at);
			}
			if (this.due == 0 && b < 0x80) {
				return;
			}
			if (this.due > 0) {
				if (b < this.low || b > this.high) {
					throw new NotUtf8Exception("Not UTF-8: byte 0x%02X at %d".formatted(b, at));
				}
				this.due--;
				this.low = 0x80;
				this.high = 0xBF;
				return;
			}
			if (b >= 0xC2 && b <= 0xDF) {
				this.due = 1;
			}
			else if (b >= 0xE0 && b <= 0xEF) {
				this.due = 2;
				this.low = (b == 0xE0) ? 0xA0 : 0x80;
				this.high = (b == 0xED) ? 0x9F : 0xBF;
			}
			else if (b >= 0xF0 && b <= 0xF4) {
				this.due = 3;
				this.low = (b == 0xF0) ? 0x90 : 0x80;
				this.high = (b == 0xF4) ? 0x8F : 0xBF;
			}
			else {
				// 80..BF without a lead byte, C0 and C1 (only ever non-shortest), F5..FF
				throw new NotUtf8Exception("Not UTF-8: byte 0x%02X at %d".formatted(b, at));
			}
		}

		void end() throws NotUtf8Exception {
			if (this.due > 0) {
				throw new NotUtf8Exception("Not UTF-8: a sequence cut short at the end");
			}
		}

	}

	private static final class Checked extends FilterInputStream {

		private final Decoder decoder = Decoder.json();

		Checked(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b < 0) {
				this.decoder.end();
			}
			else {
				this.decoder.accept(b);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n < 0) {
				this.decoder.end();
			}
			else {
				this.decoder.accept(buffer, offset, n);
			}
			return n;
		}

		/** Skipped bytes are read and checked too. */
		@Override
		public long skip(long n) throws IOException {
			if (n <= 0) {
				return 0;
			}
			byte[] buffer = new byte[(int) Math.min(n, 8192)];
			long skipped = 0;
			while (skipped < n) {
				int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
				if (read < 0) {
					break;
				}
				skipped += read;
			}
			return skipped;
		}

		@Override
		public boolean markSupported() {
			return false;
		}

		@Override
		public synchronized void mark(int limit) {
		}

		@Override
		public synchronized void reset() throws IOException {
			throw new IOException("mark/reset not supported");
		}

	}

}
