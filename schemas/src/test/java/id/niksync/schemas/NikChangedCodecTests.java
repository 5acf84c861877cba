package id.niksync.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import id.niksync.schemas.avro.Address;
import id.niksync.schemas.avro.ChangeType;
import id.niksync.schemas.avro.MaritalStatus;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.avro.Religion;
import id.niksync.schemas.avro.Resident;
import id.niksync.schemas.avro.ResidentStatus;
import id.niksync.schemas.avro.Sex;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NikChangedCodecTests {

	private final NikChangedCodec codec = new NikChangedCodec();

	@Test
	void writesSingleObjectEncodingWithTheLatestFingerprint() {
		byte[] bytes = this.codec.encode(sampleEvent());

		assertThat(bytes[0]).isEqualTo((byte) 0xC3);
		assertThat(bytes[1]).isEqualTo((byte) 0x01);
		long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
		assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(PublishedSchemas.latest()));
	}

	@Test
	void roundTripsAnEvent() {
		NikChanged event = sampleEvent();

		assertThat(this.codec.decode(this.codec.encode(event))).isEqualTo(event);
	}

	@Test
	void readsBytesWrittenWithVersionOne() throws IOException {
		Schema v1 = PublishedSchemas.all().get(0);
		byte[] bytes = singleObject(v1, v1Record(v1));

		NikChanged decoded = this.codec.decode(bytes);

		assertThat(decoded.getNik()).isEqualTo("3511010101900001");
		assertThat(decoded.getVersion()).isEqualTo(4L);
		assertThat(decoded.getResident().getBirthDate()).isEqualTo(LocalDate.of(1990, 1, 1));
		assertThat(decoded.getResident().getDataQualityFlags()).isEmpty();
	}

	@Test
	void rejectsAnUnknownFingerprintAsUnknownSchema() throws IOException {
		NikChangedCodec onlyCurrent = new NikChangedCodec(new SchemaStore.Cache());
		byte[] v1Bytes = singleObject(PublishedSchemas.all().get(0), v1Record(PublishedSchemas.all().get(0)));

		assertThatExceptionOfType(EventDecodingException.class).isThrownBy(() -> onlyCurrent.decode(v1Bytes))
			.satisfies((ex) -> assertThat(ex.reasonCode()).isEqualTo("UNKNOWN_SCHEMA"));
	}

	@Test
	void decodesAnUnknownSchemaOnceLearned() throws IOException {
		NikChangedCodec onlyCurrent = new NikChangedCodec(new SchemaStore.Cache());
		Schema v1 = PublishedSchemas.all().get(0);
		byte[] v1Bytes = singleObject(v1, v1Record(v1));

		onlyCurrent.learn(v1);

		assertThat(onlyCurrent.decode(v1Bytes).getNik()).isEqualTo("3511010101900001");
	}

	@Test
	void rejectsBytesThatAreNotSingleObjectEncoding() {
		assertThatExceptionOfType(EventDecodingException.class)
			.isThrownBy(() -> this.codec.decode("{\"nik\":\"3511010101900001\"}".getBytes()))
			.satisfies((ex) -> assertThat(ex.reasonCode()).isEqualTo("DESERIALIZATION"));
	}

	@Test
	void rejectsATruncatedBody() {
		byte[] bytes = this.codec.encode(sampleEvent());

		assertThatExceptionOfType(EventDecodingException.class)
			.isThrownBy(() -> this.codec.decode(Arrays.copyOf(bytes, 30)))
			.satisfies((ex) -> assertThat(ex.reasonCode()).isEqualTo("DESERIALIZATION"));
	}

	@Test
	void rejectsAMissingValue() {
		assertThatExceptionOfType(EventDecodingException.class).isThrownBy(() -> this.codec.decode(null))
			.satisfies((ex) -> assertThat(ex.reasonCode()).isEqualTo("DESERIALIZATION"));
	}

	static NikChanged sampleEvent() {
		Address address = Address.newBuilder()
			.setStreet("Jl. KH. Wahid Hasyim 12")
			.setRt("001")
			.setRw("002")
			.setVillage("Kademangan")
			.setDistrict("Bondowoso")
			.setRegency("Kabupaten Bondowoso")
			.setProvince("Jawa Timur")
			.setPostalCode("68211")
			.build();
		Resident resident = Resident.newBuilder()
			.setNik("3511014506900001")
			.setKkNumber("3511010101100001")
			.setFullName("Siti Aminah")
			.setBirthPlace("Bondowoso")
			.setBirthDate(LocalDate.of(1990, 6, 5))
			.setSex(Sex.FEMALE)
			.setReligion(Religion.ISLAM)
			.setMaritalStatus(MaritalStatus.MARRIED)
			.setOccupation("Guru")
			.setNationality("WNI")
			.setAddress(address)
			.setStatus(ResidentStatus.ACTIVE)
			.setDataQualityFlags(List.of())
			.build();
		return NikChanged.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setChangeSeq(42L)
			.setNik(resident.getNik())
			.setVersion(1L)
			.setChangeType(ChangeType.ISSUED)
			.setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L))
			.setResident(resident)
			.setReason(null)
			.build();
	}

	private static GenericRecord v1Record(Schema v1) {
		Schema residentSchema = v1.getField("resident").schema();
		Schema addressSchema = residentSchema.getField("address").schema();
		GenericRecord address = new GenericRecordBuilder(addressSchema).set("street", "Jl. Diponegoro 1")
			.set("rt", "001")
			.set("rw", "001")
			.set("village", "Badean")
			.set("district", "Bondowoso")
			.set("regency", "Kabupaten Bondowoso")
			.set("province", "Jawa Timur")
			.set("postalCode", "68214")
			.build();
		GenericRecord resident = new GenericRecordBuilder(residentSchema).set("nik", "3511010101900001")
			.set("kkNumber", "3511010101100001")
			.set("fullName", "Ahmad Fauzi")
			.set("birthPlace", "Bondowoso")
			.set("birthDate", (int) LocalDate.of(1990, 1, 1).toEpochDay())
			.set("sex", new GenericData.EnumSymbol(residentSchema.getField("sex").schema(), "MALE"))
			.set("religion", new GenericData.EnumSymbol(residentSchema.getField("religion").schema(), "ISLAM"))
			.set("maritalStatus",
					new GenericData.EnumSymbol(residentSchema.getField("maritalStatus").schema(), "SINGLE"))
			.set("occupation", "Petani")
			.set("nationality", "WNI")
			.set("address", address)
			.set("status", new GenericData.EnumSymbol(residentSchema.getField("status").schema(), "ACTIVE"))
			.build();
		return new GenericRecordBuilder(v1).set("eventId", UUID.randomUUID().toString())
			.set("changeSeq", 7L)
			.set("nik", "3511010101900001")
			.set("version", 4L)
			.set("changeType", new GenericData.EnumSymbol(v1.getField("changeType").schema(), "UPDATED"))
			.set("occurredAt", 1_700_000_000_000L)
			.set("resident", resident)
			.set("reason", null)
			.build();
	}

	/**
	 * Single-object encoding written by hand, as a producer on an older contract would.
	 */
	private static byte[] singleObject(Schema schema, GenericRecord record) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(0xC3);
		out.write(0x01);
		out.write(ByteBuffer.allocate(8)
			.order(java.nio.ByteOrder.LITTLE_ENDIAN)
			.putLong(SchemaNormalization.parsingFingerprint64(schema))
			.array());
		BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
		new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
		encoder.flush();
		return out.toByteArray();
	}

}
