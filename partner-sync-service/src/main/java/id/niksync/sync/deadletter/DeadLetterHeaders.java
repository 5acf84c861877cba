package id.niksync.sync.deadletter;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import id.niksync.schemas.StrictUtf8;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * Headers NIK Sync adds to records on their way through the dead-letter topic, and the
 * lossless form in which a dead letter's headers are stored.
 */
public final class DeadLetterHeaders {

	/** Why the record was dead-lettered: a {@link DeadLetterReason}'s code. */
	public static final String REASON = "niksync-dlt-reason";

	/** The class of the exception that failed the record (the root cause). */
	public static final String EXCEPTION_CLASS = "niksync-dlt-exception-class";

	/** On a replayed record: the id of the dead letter it came from. */
	public static final String REPLAY_OF = "niksync-replay-of";

	private static final Set<String> INT_HEADERS = Set.of(KafkaHeaders.DLT_ORIGINAL_PARTITION);

	private static final Set<String> LONG_HEADERS = Set.of(KafkaHeaders.DLT_ORIGINAL_OFFSET,
			KafkaHeaders.DLT_ORIGINAL_TIMESTAMP);

	/** The most of one header value the detail view shows as text. */
	private static final int MAX_SHOWN = 20_000;

	private DeadLetterHeaders() {
	}

	/**
	 * Every header, in order, names and values exactly: a count, then per header the
	 * name's length and UTF-8 bytes and the value's length ({@code -1} for null) and
	 * bytes, lengths as 4-byte big-endian integers.
	 */
	static byte[] encode(Headers headers) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			Header[] all = headers.toArray();
			out.writeInt(all.length);
			for (Header header : all) {
				byte[] name = header.key().getBytes(StandardCharsets.UTF_8);
				out.writeInt(name.length);
				out.write(name);
				if (header.value() == null) {
					out.writeInt(-1);
				}
				else {
					out.writeInt(header.value().length);
					out.write(header.value());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * The headers {@link #encode} stored; none for null, or for bytes it did not write.
	 */
	static List<Header> decode(byte[] encoded) {
		if (encoded == null) {
			return List.of();
		}
		try {
			ByteBuffer in = ByteBuffer.wrap(encoded);
			int count = in.getInt();
			List<Header> headers = new ArrayList<>(Math.min(Math.max(count, 0), 1000));
			for (int i = 0; i < count; i++) {
				byte[] name = new byte[in.getInt()];
				in.get(name);
				int length = in.getInt();
				byte[] value = null;
				if (length >= 0) {
					value = new byte[length];
					in.get(value);
				}
				headers.add(new RecordHeader(new String(name, StandardCharsets.UTF_8), value));
			}
			return headers;
		}
		catch (BufferUnderflowException | NegativeArraySizeException | IllegalArgumentException ex) {
			return List.of();
		}
	}

	/**
	 * The headers the record carried before it was dead-lettered: those the dead-letter
	 * publisher and NIK Sync's dead-letter handling add are left out, so a replay sends
	 * the record as the registry published it.
	 */
	static List<Header> original(List<Header> stored) {
		return stored.stream()
			.filter((h) -> !h.key().startsWith(KafkaHeaders.PREFIX + "dlt-") && !h.key().startsWith("niksync-dlt-")
					&& !h.key().equals(REPLAY_OF))
			.toList();
	}

	/**
	 * The headers for an operator: the value as text when it is printable UTF-8, the
	 * number for the dead-letter publisher's partition, offset and timestamp, base64
	 * otherwise.
	 */
	static List<Map<String, Object>> view(List<Header> headers) {
		List<Map<String, Object>> view = new ArrayList<>(headers.size());
		for (Header header : headers) {
			Map<String, Object> shown = new LinkedHashMap<>();
			shown.put("name", header.key());
			byte[] value = header.value();
			shown.put("bytes", (value != null) ? value.length : null);
			if (value == null) {
				shown.put("value", null);
			}
			else if (INT_HEADERS.contains(header.key()) && value.length == 4) {
				shown.put("number", ByteBuffer.wrap(value).getInt());
			}
			else if (LONG_HEADERS.contains(header.key()) && value.length == 8) {
				shown.put("number", ByteBuffer.wrap(value).getLong());
			}
			else {
				String text = printable(value);
				if (text != null) {
					shown.put("text", (text.length() > MAX_SHOWN) ? text.substring(0, MAX_SHOWN) + "…" : text);
				}
				else {
					shown.put("base64", Base64.getEncoder().encodeToString(value));
				}
			}
			view.add(shown);
		}
		return view;
	}

	private static String printable(byte[] value) {
		String text = StrictUtf8.decode(value);
		if (text == null) {
			return null;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
				return null;
			}
		}
		return text;
	}

}
