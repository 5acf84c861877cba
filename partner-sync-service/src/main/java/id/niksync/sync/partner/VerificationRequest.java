package id.niksync.sync.partner;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a partner holds about a person, to be checked against the replica. Fields left out
 * are not checked.
 */
record VerificationRequest(String nik, String fullName, LocalDate birthDate, String birthPlace, String kkNumber,
		String sex) {

	/** The fields the partner asks about, with its values. */
	Map<ResidentField, Object> claims() {
		Map<ResidentField, Object> claims = new EnumMap<>(ResidentField.class);
		put(claims, ResidentField.FULL_NAME, this.fullName);
		put(claims, ResidentField.BIRTH_DATE, this.birthDate);
		put(claims, ResidentField.BIRTH_PLACE, this.birthPlace);
		put(claims, ResidentField.KK_NUMBER, this.kkNumber);
		put(claims, ResidentField.SEX, this.sex);
		return claims;
	}

	private static void put(Map<ResidentField, Object> claims, ResidentField field, Object value) {
		if (value != null) {
			claims.put(field, value);
		}
	}

}
