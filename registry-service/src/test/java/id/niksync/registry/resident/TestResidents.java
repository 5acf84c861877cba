package id.niksync.registry.resident;

import java.util.LinkedHashMap;
import java.util.Map;

/** Request bodies for the residents API, as a client would send them. */
public final class TestResidents {

	static final String SITI = "3511014506900001";

	static final String SITI_KK = "3511010101100001";

	private TestResidents() {
	}

	/** A valid resident: a woman born 5 June 1990 in Bondowoso, matching her NIK. */
	public static Map<String, Object> resident(String nik) {
		Map<String, Object> address = new LinkedHashMap<>();
		address.put("street", "Jl. KH. Wahid Hasyim 12");
		address.put("rt", "001");
		address.put("rw", "002");
		address.put("village", "Kademangan");
		address.put("district", "Bondowoso");
		address.put("regency", "Kabupaten Bondowoso");
		address.put("province", "Jawa Timur");
		address.put("postalCode", "68211");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("nik", nik);
		body.put("kkNumber", SITI_KK);
		body.put("fullName", "Siti Aminah");
		body.put("birthPlace", "Bondowoso");
		body.put("birthDate", "1990-06-05");
		body.put("sex", "FEMALE");
		body.put("religion", "ISLAM");
		body.put("maritalStatus", "MARRIED");
		body.put("occupation", "Guru");
		body.put("nationality", "WNI");
		body.put("address", address);
		return body;
	}

	static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
		Map<String, Object> copy = new LinkedHashMap<>(body);
		copy.put(field, value);
		return copy;
	}

}
