package id.niksync.testsupport;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import id.niksync.schemas.avro.ChangeType;
import id.niksync.schemas.avro.MaritalStatus;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.avro.Religion;
import id.niksync.schemas.avro.Resident;
import id.niksync.schemas.avro.ResidentStatus;
import id.niksync.schemas.avro.Sex;

/**
 * One resident as a registry operator submits it ({@code POST /api/v1/residents}) and as
 * the registry publishes it ({@code NikChanged}). Enum values are the API's names.
 */
public record GeneratedResident(String nik, String kkNumber, String fullName, String birthPlace, LocalDate birthDate,
		String sex, String religion, String maritalStatus, String occupation, String nationality, Address address) {

	private static final AtomicLong changeSeq = new AtomicLong();

	public GeneratedResident withNik(String value) {
		return new GeneratedResident(value, this.kkNumber, this.fullName, this.birthPlace, this.birthDate, this.sex,
				this.religion, this.maritalStatus, this.occupation, this.nationality, this.address);
	}

	public GeneratedResident withOccupation(String value) {
		return new GeneratedResident(this.nik, this.kkNumber, this.fullName, this.birthPlace, this.birthDate, this.sex,
				this.religion, this.maritalStatus, value, this.nationality, this.address);
	}

	public GeneratedResident withStreet(String value) {
		Address a = this.address;
		return new GeneratedResident(this.nik, this.kkNumber, this.fullName, this.birthPlace, this.birthDate, this.sex,
				this.religion, this.maritalStatus, this.occupation, this.nationality, new Address(value, a.rt(), a.rw(),
						a.village(), a.district(), a.regency(), a.province(), a.postalCode()));
	}

	/** The request body, as a client builds it (ordered as the README shows it). */
	public Map<String, Object> toMap() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("nik", this.nik);
		body.put("kkNumber", this.kkNumber);
		body.put("fullName", this.fullName);
		body.put("birthPlace", this.birthPlace);
		body.put("birthDate", this.birthDate.toString());
		body.put("sex", this.sex);
		body.put("religion", this.religion);
		body.put("maritalStatus", this.maritalStatus);
		body.put("occupation", this.occupation);
		body.put("nationality", this.nationality);
		body.put("address", this.address.toMap());
		return body;
	}

	/**
	 * The request body as JSON, written without a JSON library (the benchmark sends
	 * millions).
	 */
	public String toJson() {
		StringBuilder json = new StringBuilder(512).append('{');
		appendFields(json, toMap());
		return json.append('}').toString();
	}

	@SuppressWarnings("unchecked")
	private static void appendFields(StringBuilder json, Map<String, Object> fields) {
		boolean first = true;
		for (Map.Entry<String, Object> field : fields.entrySet()) {
			json.append(first ? "" : ",").append('"').append(field.getKey()).append("\":");
			if (field.getValue() instanceof Map<?, ?> nested) {
				json.append('{');
				appendFields(json, (Map<String, Object>) nested);
				json.append('}');
			}
			else {
				json.append('"').append(escape(String.valueOf(field.getValue()))).append('"');
			}
			first = false;
		}
	}

	private static String escape(String value) {
		StringBuilder escaped = new StringBuilder(value.length());
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				escaped.append('\\').append(c);
			}
			else if (c < 0x20) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

	/**
	 * This resident's {@code NikChanged} at {@code version}, as the registry would
	 * publish it ({@code ISSUED} for version 1, {@code UPDATED} after; a fresh event id
	 * and change sequence each call).
	 */
	public NikChanged toEvent(long version) {
		Resident resident = Resident.newBuilder()
			.setNik(this.nik)
			.setKkNumber(this.kkNumber)
			.setFullName(this.fullName)
			.setBirthPlace(this.birthPlace)
			.setBirthDate(this.birthDate)
			.setSex(Sex.valueOf(this.sex))
			.setReligion(Religion.valueOf(this.religion))
			.setMaritalStatus(MaritalStatus.valueOf(this.maritalStatus))
			.setOccupation(this.occupation)
			.setNationality(this.nationality)
			.setAddress(this.address.toAvro())
			.setStatus(ResidentStatus.ACTIVE)
			.setDataQualityFlags(List.of())
			.build();
		return NikChanged.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setChangeSeq(changeSeq.incrementAndGet())
			.setNik(this.nik)
			.setVersion(version)
			.setChangeType((version == 1) ? ChangeType.ISSUED : ChangeType.UPDATED)
			.setOccurredAt(Instant.now())
			.setResident(resident)
			.setReason(null)
			.build();
	}

	public record Address(String street, String rt, String rw, String village, String district, String regency,
			String province, String postalCode) {

		Map<String, Object> toMap() {
			Map<String, Object> address = new LinkedHashMap<>();
			address.put("street", this.street);
			address.put("rt", this.rt);
			address.put("rw", this.rw);
			address.put("village", this.village);
			address.put("district", this.district);
			address.put("regency", this.regency);
			address.put("province", this.province);
			address.put("postalCode", this.postalCode);
			return address;
		}

		id.niksync.schemas.avro.Address toAvro() {
			return id.niksync.schemas.avro.Address.newBuilder()
				.setStreet(this.street)
				.setRt(this.rt)
				.setRw(this.rw)
				.setVillage(this.village)
				.setDistrict(this.district)
				.setRegency(this.regency)
				.setProvince(this.province)
				.setPostalCode(this.postalCode)
				.build();
		}

	}

}
