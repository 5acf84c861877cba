package id.niksync.sync.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.BiConsumer;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.PublishedSchemas;
import id.niksync.schemas.avro.ChangeType;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.avro.Resident;
import id.niksync.testsupport.GeneratedResident;
import id.niksync.testsupport.Residents;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * A seeded generator of {@code nik-changes} records: valid encoded events of a small set
 * of residents, and mutations of them (bit flips, truncation, trailing bytes, every field
 * at its extremes, unknown enum symbols through a writer schema the consumer has learned,
 * writer schemas it has not, keys that do not match, null keys and values). The same seed
 * always gives the same records. What should become of each is not decided here: the test
 * asks {@link Fate} about the bytes.
 */
final class MutatedEvents {

	/**
	 * The latest schema with one more symbol, first, in every enum: symbols the
	 * consumer's enums lack, and other indexes for the ones they have. Consumers learn
	 * it.
	 */
	static final Schema FUTURE_ENUMS = withExtraSymbol("FUTURE");

	/** A writer schema the consumer never learns. */
	static final Schema UNKNOWN_WRITER = withExtraSymbol("UNHEARD_OF");

	private static final Schema V1 = PublishedSchemas.all().get(0);

	private static final int RESIDENTS = 40;

	private static final String HUGE_MARK = "<huge>";

	private static final String LONE_SURROGATE_MARK = "\u20AC";

	/** Extreme strings; {@link #HUGE_MARK} stands for about 1 MB. */
	private static final String[] STRINGS = { "", HUGE_MARK, "a\u0000b", "\u0000", "\u0001\t\n\r\u001b\u007f",
			"\u0085\u2028\u202e\ufeff", "NULL", "null", "\"quoted\\\"", "{a,b}", "\\", " padded ", "N".repeat(200),
			"N".repeat(201), "\u00e9".repeat(200), "\ud83d\ude00".repeat(200), "\ud83d\ude00".repeat(201),
			"x" + LONE_SURROGATE_MARK + "y", "\u00c5\u017e\u00e7", "3511014506900001", "not-a-uuid", "1-1-1-1-1",
			"{" + UUID.nameUUIDFromBytes(new byte[0]) + "}",
			UUID.nameUUIDFromBytes(new byte[1]).toString().toUpperCase() };

	private static final long[] LONGS = { 0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE };

	private static final LocalDate[] DATES = { LocalDate.ofEpochDay(Integer.MIN_VALUE),
			LocalDate.ofEpochDay(Integer.MAX_VALUE), LocalDate.of(0, 1, 1), LocalDate.of(-1, 12, 31),
			LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(10000, 1, 1), LocalDate.of(1970, 1, 1) };

	private static final Instant[] INSTANTS = { Instant.ofEpochMilli(Long.MIN_VALUE),
			Instant.ofEpochMilli(Long.MAX_VALUE), Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
			Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("9999-12-31T23:59:59.999Z"),
			Instant.parse("+10000-01-01T00:00:00Z") };

	private final SplittableRandom random;

	private final NikChangedCodec codec = new NikChangedCodec();

	private final List<GeneratedResident> residents = new Residents(RESIDENTS / 2).first(RESIDENTS + 1)
		.subList(1, RESIDENTS + 1);

	private final long[] versions = new long[RESIDENTS];

	private final List<Produced> valid = new ArrayList<>();

	private long clock = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

	private long changeSeq;

	MutatedEvents(long seed) {
		this.random = new SplittableRandom(seed);
	}

	/**
	 * A record to produce: its kind says what was done to it, its signing how it is
	 * signed once mutated (so a mutation of the bytes still reaches the codec).
	 */
	record Produced(String kind, byte[] key, byte[] value, Signing signing) {

		Produced(String kind, byte[] key, byte[] value) {
			this(kind, key, value, Signing.REGISTRY);
		}

	}

	/** How a record is signed. */
	enum Signing {

		/** By the registry's key, over the bytes as produced. */
		REGISTRY,

		/** Not at all. */
		NONE,

		/** By another key, under the registry's key id. */
		IMPOSTOR,

		/** Under a key id partner-sync does not know. */
		UNKNOWN_KEY

	}

	/**
	 * {@code count} records, about a third of them untouched valid events, the rest
	 * mutations; every mutation is followed by good records, and the last record is a
	 * valid first version of a resident nothing else touched.
	 */
	List<Produced> records(int count) {
		GeneratedResident last = new Residents(RESIDENTS / 2).get(RESIDENTS + 1);
		List<Produced> records = new ArrayList<>(count + 1);
		while (records.size() < count) {
			int r = this.random.nextInt(100);
			Produced next = (r < 35) ? good() : mutation();
			records.add(next);
			if (!next.kind().startsWith("valid") && this.random.nextInt(4) == 0) {
				records.add(good());
			}
		}
		records.add(new Produced("valid-last", key(last.nik()), this.codec.encode(event(last, 1))));
		return records;
	}

	private Produced good() {
		int r = this.random.nextInt(10);
		if (r == 0 && !this.valid.isEmpty()) {
			Produced again = this.valid.get(this.random.nextInt(this.valid.size()));
			return new Produced("valid-duplicate", again.key(), again.value());
		}
		int who = this.random.nextInt(RESIDENTS);
		NikChanged event;
		String kind;
		if (r == 1 && this.versions[who] > 1) {
			event = event(this.residents.get(who), 1 + this.random.nextLong(this.versions[who]));
			kind = "valid-old-version";
		}
		else {
			event = nextEvent(who);
			kind = "valid";
		}
		byte[] value;
		if (r == 2) {
			value = encode(FUTURE_ENUMS, event, null);
			kind += "-future-writer";
		}
		else if (r == 3) {
			value = encode(V1, event, null);
			kind += "-v1-writer";
		}
		else {
			value = this.codec.encode(event);
		}
		Produced produced = new Produced(kind, key(event.getNik()), value);
		this.valid.add(produced);
		return produced;
	}

	private Produced mutation() {
		int who = this.random.nextInt(RESIDENTS);
		NikChanged event = nextEvent(who);
		byte[] key = key(event.getNik());
		byte[] valid = this.codec.encode(event);
		return switch (this.random.nextInt(13)) {
			case 0, 1 -> new Produced("bit-flips", key, flipBits(valid));
			case 2 -> new Produced("truncated", key, Arrays.copyOf(valid, this.random.nextInt(valid.length)));
			case 3 -> new Produced("trailing-bytes", key, concat(valid, bytes(1 + this.random.nextInt(64))));
			case 4, 5, 6 -> fieldAtExtreme(event, key);
			case 7 -> unknownSymbol(event, key);
			case 8 -> new Produced("unknown-writer", key, encode(UNKNOWN_WRITER, event, null));
			case 9 -> new Produced("huge-array-count", key, hugeArrayCount(valid));
			case 10 -> otherKey(event, valid);
			case 11 -> otherValue(key);
			default -> badSignature(key, valid);
		};
	}

	/** A valid event the registry did not sign. */
	private Produced badSignature(byte[] key, byte[] valid) {
		Signing signing = Signing.values()[1 + this.random.nextInt(Signing.values().length - 1)];
		return new Produced("signature-" + signing.name().toLowerCase(java.util.Locale.ROOT), key, valid, signing);
	}

	private Produced fieldAtExtreme(NikChanged event, byte[] key) {
		Resident r = event.getResident();
		int field = this.random.nextInt(24);
		if (field == 20) {
			long version = LONGS[this.random.nextInt(LONGS.length)];
			event.setVersion(version);
			return new Produced("version=" + version, key, this.codec.encode(event));
		}
		if (field == 21) {
			long seq = LONGS[this.random.nextInt(LONGS.length)];
			event.setChangeSeq(seq);
			return new Produced("changeSeq=" + seq, key, this.codec.encode(event));
		}
		if (field == 22) {
			LocalDate date = DATES[this.random.nextInt(DATES.length)];
			r.setBirthDate(date);
			return new Produced("birthDate=" + date, key, this.codec.encode(event));
		}
		if (field == 23) {
			Instant at = INSTANTS[this.random.nextInt(INSTANTS.length)];
			event.setOccurredAt(at);
			return new Produced("occurredAt=" + at, key, this.codec.encode(event));
		}
		String value = STRINGS[this.random.nextInt(STRINGS.length)];
		String shown = value.length() > 20 ? value.substring(0, 10) + "…(" + value.length() + ")" : value;
		if (HUGE_MARK.equals(value)) {
			// About 1 MB; half of them just under what the broker takes in one record, so
			// the dead letter with its headers is larger than the record was.
			value = "x".repeat(this.random.nextBoolean() ? 1_046_000 + this.random.nextInt(1_500)
					: 900_000 + this.random.nextInt(100_000));
			shown = "~1MB(" + value.length() + ")";
		}
		List<BiConsumer<NikChanged, String>> setters = List.of(NikChanged::setEventId, NikChanged::setNik,
				(e, v) -> e.getResident().setNik(v), (e, v) -> e.getResident().setKkNumber(v),
				(e, v) -> e.getResident().setFullName(v), (e, v) -> e.getResident().setBirthPlace(v),
				(e, v) -> e.getResident().setOccupation(v), (e, v) -> e.getResident().setNationality(v),
				(e, v) -> e.getResident().getAddress().setStreet(v), (e, v) -> e.getResident().getAddress().setRt(v),
				(e, v) -> e.getResident().getAddress().setRw(v), (e, v) -> e.getResident().getAddress().setVillage(v),
				(e, v) -> e.getResident().getAddress().setDistrict(v),
				(e, v) -> e.getResident().getAddress().setRegency(v),
				(e, v) -> e.getResident().getAddress().setProvince(v),
				(e, v) -> e.getResident().getAddress().setPostalCode(v),
				(e, v) -> e.getResident().setDataQualityFlags(List.of(v)),
				(e, v) -> e.getResident().setDataQualityFlags(List.of("SEX_MISMATCH", v, "")), NikChanged::setReason,
				// Three times at most 1000 characters: a record must fit the broker.
				(e, v) -> e.getResident()
					.setDataQualityFlags(Collections.nCopies(3, v.substring(0, Math.min(1000, v.length())))));
		String[] names = { "eventId", "nik", "resident.nik", "kkNumber", "fullName", "birthPlace", "occupation",
				"nationality", "street", "rt", "rw", "village", "district", "regency", "province", "postalCode",
				"flags", "flags[1]", "reason", "flags*3" };
		setters.get(field).accept(event, value);
		byte[] bytes = this.codec.encode(event);
		if (value.contains(LONE_SURROGATE_MARK)) {
			replaceLoneSurrogateMark(bytes);
		}
		return new Produced(names[field] + "=" + printable(shown), key, bytes);
	}

	/** One enum of the event gets a symbol the consumer's schema does not have. */
	private Produced unknownSymbol(NikChanged event, byte[] key) {
		String[] paths = { "changeType", "resident.sex", "resident.religion", "resident.maritalStatus",
				"resident.status" };
		String path = paths[this.random.nextInt(paths.length)];
		return new Produced("unknown-symbol:" + path, key, encode(FUTURE_ENUMS, event, path));
	}

	/** The empty array of flags (and null reason) at the end, read as a vast array. */
	private byte[] hugeArrayCount(byte[] valid) {
		long[] counts = { Integer.MAX_VALUE, Long.MAX_VALUE / 2, -5, 1, 100_000_000 };
		long count = counts[this.random.nextInt(counts.length)];
		byte[] head = Arrays.copyOf(valid, valid.length - 2);
		return concat(concat(head, zigZag(count)), new byte[] { 0 });
	}

	private Produced otherKey(NikChanged event, byte[] valid) {
		return switch (this.random.nextInt(6)) {
			case 0 -> new Produced("key-null", null, valid);
			case 1 ->
				new Produced("key-other-nik", key(this.residents.get(this.random.nextInt(RESIDENTS)).nik()), valid);
			case 2 -> new Produced("key-with-nul", key(event.getNik() + "\u0000"), valid);
			case 3 -> new Produced("key-empty", new byte[0], valid);
			case 4 -> new Produced("key-not-utf8", concat(key(event.getNik()), new byte[] { (byte) 0xC3 }), valid);
			default -> new Produced("key-nul-inside",
					key(event.getNik().substring(0, 8) + "\u0000" + event.getNik().substring(9)), valid);
		};
	}

	private Produced otherValue(byte[] key) {
		return switch (this.random.nextInt(4)) {
			case 0 -> new Produced("value-null", key, null);
			case 1 -> new Produced("value-empty", key, new byte[0]);
			case 2 -> new Produced("value-header-only", key, Arrays.copyOf(this.codec.encode(nextEvent(0)), 10));
			default -> new Produced("value-random", key, bytes(1 + this.random.nextInt(300)));
		};
	}

	private byte[] flipBits(byte[] valid) {
		byte[] flipped = valid.clone();
		int flips = 1 + this.random.nextInt(4);
		for (int i = 0; i < flips; i++) {
			int bit = this.random.nextInt(flipped.length * 8);
			flipped[bit / 8] ^= (byte) (1 << (bit % 8));
		}
		return flipped;
	}

	private NikChanged nextEvent(int who) {
		return event(this.residents.get(who), ++this.versions[who]);
	}

	private NikChanged event(GeneratedResident resident, long version) {
		NikChanged event = resident.withOccupation("Occupation v" + version).toEvent(version);
		// Repeatable: no random UUID, no wall clock.
		event.setEventId(new UUID(this.random.nextLong(), this.random.nextLong()).toString());
		event.setOccurredAt(Instant.ofEpochMilli(this.clock += 1000));
		event.setChangeSeq(++this.changeSeq);
		event.setChangeType((version == 1) ? ChangeType.ISSUED : ChangeType.UPDATED);
		return event;
	}

	private byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) this.random.nextInt(256);
		}
		return bytes;
	}

	/**
	 * The event written with {@code writer}; the enum at {@code futurePath}, if any, gets
	 * the writer's extra symbol.
	 */
	static byte[] encode(Schema writer, NikChanged event, String futurePath) {
		GenericRecord record = (GenericRecord) toGeneric(event, writer);
		if (futurePath != null) {
			GenericRecord holder = futurePath.startsWith("resident.") ? (GenericRecord) record.get("resident") : record;
			String field = futurePath.substring(futurePath.indexOf('.') + 1);
			Schema enumSchema = holder.getSchema().getField(field).schema();
			holder.put(field, new GenericData.EnumSymbol(enumSchema, enumSchema.getEnumSymbols().get(0)));
		}
		GenericData model = new GenericData();
		model.addLogicalTypeConversion(new TimeConversions.DateConversion());
		model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			new BinaryMessageEncoder<GenericRecord>(model, writer).encode(record, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * A generated object as a generic one of {@code schema}, matched by field name and
	 * enum symbol name, never by position.
	 */
	private static Object toGeneric(Object value, Schema schema) {
		return switch (schema.getType()) {
			case RECORD -> {
				GenericRecord from = (GenericRecord) value;
				GenericData.Record to = new GenericData.Record(schema);
				schema.getFields().forEach((f) -> to.put(f.name(), toGeneric(from.get(f.name()), f.schema())));
				yield to;
			}
			case ENUM -> new GenericData.EnumSymbol(schema, value.toString());
			case ARRAY -> ((List<?>) value).stream().map((v) -> toGeneric(v, schema.getElementType())).toList();
			default -> value;
		};
	}

	private static Schema withExtraSymbol(String symbol) {
		return new Schema.Parser()
			.parse(PublishedSchemas.latest().toString().replace("\"symbols\":[", "\"symbols\":[\"" + symbol + "\","));
	}

	/**
	 * U+20AC (E2 82 AC) becomes ED A0 80, a high surrogate on its own, of equal length.
	 */
	private static void replaceLoneSurrogateMark(byte[] bytes) {
		for (int i = 0; i + 2 < bytes.length; i++) {
			if (bytes[i] == (byte) 0xE2 && bytes[i + 1] == (byte) 0x82 && bytes[i + 2] == (byte) 0xAC) {
				bytes[i] = (byte) 0xED;
				bytes[i + 1] = (byte) 0xA0;
				bytes[i + 2] = (byte) 0x80;
			}
		}
	}

	private static byte[] zigZag(long value) {
		long n = (value << 1) ^ (value >> 63);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		while ((n & ~0x7FL) != 0) {
			out.write((int) ((n & 0x7F) | 0x80));
			n >>>= 7;
		}
		out.write((int) n);
		return out.toByteArray();
	}

	private static byte[] key(String key) {
		return key.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

	private static String printable(String value) {
		StringBuilder out = new StringBuilder();
		value.codePoints()
			.forEach((c) -> out.append((Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
					|| Character.getType(c) == Character.LINE_SEPARATOR) ? String.format("\\u%04x", c)
							: Character.toString(c)));
		return out.toString();
	}

}
