package id.niksync.sync.partner;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

import id.niksync.identity.Sex;

/**
 * What a partner holds about a person, to be checked against the replica. Fields left out
 * are not checked. {@code sex} is {@code MALE} or {@code FEMALE} as written (a name, as
 * in every body): any other text was answered {@code NO_MATCH} as if it were a claim
 * (attack run 2026-12-06), and is now {@code 400 MALFORMED_REQUEST}.
 */
record VerificationRequest(String nik, String fullName, LocalDate birthDate, String birthPlace, String kkNumber,
		Sex sex) {

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
