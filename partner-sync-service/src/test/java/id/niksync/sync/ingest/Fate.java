package id.niksync.sync.ingest;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import id.niksync.identity.KkNumber;
import id.niksync.identity.Nik;
import id.niksync.schemas.EventDecodingException;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.Address;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.avro.Resident;

/**
 * What must become of a record, judged from its key and value alone, from the contract
 * and the replica's columns rather than from ingestion's code: the test's oracle.
 *
 * @param expect what may happen to it
 * @param event the event its value decodes to, or null
 * @param decodeReason the reason it must be dead-lettered for when that is certain: not
 * signed by the registry, or the codec's reason when it does not decode; null otherwise
 * @param why one line on the judgement
 */
record Fate(Expect expect, NikChanged event, String decodeReason, String why) {

	enum Expect {

		/** Undecodable or against the contract: must be dead-lettered, never applied. */
		DEAD_LETTER,

		/**
		 * The replica's columns cannot hold it (too long, NUL): never applied;
		 * dead-lettered, unless a newer version of its NIK superseded it first.
		 */
		REFUSED,

		/** Must be applied, or be stale; never dead-lettered. */
		VALID,

		/**
		 * A date PostgreSQL may or may not take (outside years 1–9999): applied with
		 * exactly its values, stale, or dead-lettered as CONSTRAINT_VIOLATION.
		 */
		DB_DECIDES

	}

	/** The replica's text columns and their lengths in characters (V1__replica.sql). */
	static final Map<String, Integer> COLUMNS = Map.ofEntries(Map.entry("kk_number", 16), Map.entry("full_name", 200),
			Map.entry("birth_place", 100), Map.entry("occupation", 100), Map.entry("nationality", 3),
			Map.entry("street", 200), Map.entry("rt", 3), Map.entry("rw", 3), Map.entry("village", 100),
			Map.entry("district", 100), Map.entry("regency", 100), Map.entry("province", 100),
			Map.entry("postal_code", 5), Map.entry("data_quality_flags", Integer.MAX_VALUE));

	static Fate of(byte[] key, byte[] value, boolean signedByRegistry, NikChangedCodec codec) {
		if (!signedByRegistry) {
			// Checked first: nothing else about it matters.
			return new Fate(Expect.DEAD_LETTER, null, "SIGNATURE_INVALID", "not signed by the registry");
		}
		NikChanged event;
		try {
			event = codec.decode(value);
		}
		catch (EventDecodingException ex) {
			return new Fate(Expect.DEAD_LETTER, null, ex.reason().name(), "does not decode");
		}
		catch (RuntimeException ex) {
			return new Fate(Expect.DEAD_LETTER, null, null, "decoding fails: " + ex.getClass().getSimpleName());
		}
		// As the consumer's StringDeserializer reads it.
		String keyText = (key != null) ? new String(key, StandardCharsets.UTF_8) : null;
		Resident r = event.getResident();
		if (!Nik.parse(event.getNik()).isValid()) {
			return new Fate(Expect.DEAD_LETTER, event, null, "invalid NIK");
		}
		if (!event.getNik().equals(keyText) || !event.getNik().equals(r.getNik())) {
			return new Fate(Expect.DEAD_LETTER, event, null, "key, NIK and resident NIK differ");
		}
		if (!KkNumber.parse(r.getKkNumber()).isValid()) {
			return new Fate(Expect.DEAD_LETTER, event, null, "invalid KK");
		}
		if (event.getVersion() < 1) {
			return new Fate(Expect.DEAD_LETTER, event, null, "version below 1");
		}
		if (!isUuid(event.getEventId())) {
			return new Fate(Expect.DEAD_LETTER, event, null, "eventId is not a UUID");
		}
		for (Map.Entry<String, String> column : textColumns(event).entrySet()) {
			String text = column.getValue();
			if (text.indexOf('\u0000') >= 0) {
				return new Fate(Expect.REFUSED, event, null, column.getKey() + " holds NUL");
			}
			if (text.codePointCount(0, text.length()) > COLUMNS.get(column.getKey())) {
				return new Fate(Expect.REFUSED, event, null, column.getKey() + " too long");
			}
		}
		if (!ordinaryYear(r.getBirthDate())
				|| !ordinaryYear(LocalDate.ofInstant(event.getOccurredAt(), ZoneOffset.UTC))) {
			return new Fate(Expect.DB_DECIDES, event, null, "a date outside years 1-9999");
		}
		return new Fate(Expect.VALID, event, null, "valid");
	}

	/** The replica's text columns as the event fills them. */
	static Map<String, String> textColumns(NikChanged event) {
		Resident r = event.getResident();
		Address a = r.getAddress();
		return Map.ofEntries(Map.entry("kk_number", r.getKkNumber()), Map.entry("full_name", r.getFullName()),
				Map.entry("birth_place", r.getBirthPlace()), Map.entry("occupation", r.getOccupation()),
				Map.entry("nationality", r.getNationality()), Map.entry("street", a.getStreet()),
				Map.entry("rt", a.getRt()), Map.entry("rw", a.getRw()), Map.entry("village", a.getVillage()),
				Map.entry("district", a.getDistrict()), Map.entry("regency", a.getRegency()),
				Map.entry("province", a.getProvince()), Map.entry("postal_code", a.getPostalCode()),
				Map.entry("data_quality_flags", String.join(",", r.getDataQualityFlags())));
	}

	/** The event's id as the replica holds it, or null when it has none. */
	UUID eventId() {
		return (this.event != null && isUuid(this.event.getEventId())) ? UUID.fromString(this.event.getEventId())
				: null;
	}

	private static boolean isUuid(String value) {
		try {
			UUID.fromString(value);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static boolean ordinaryYear(LocalDate date) {
		return date.getYear() >= 1 && date.getYear() <= 9999;
	}

}
