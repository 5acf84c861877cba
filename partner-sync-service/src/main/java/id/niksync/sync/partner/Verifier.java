package id.niksync.sync.partner;

import java.util.LinkedHashMap;
import java.util.Map;

import id.niksync.identity.Sex;

/** Compares claims with the replica's record. */
final class Verifier {

	private Verifier() {
	}

	static VerificationResult verify(VerificationRequest request, ReplicaResident resident) {
		Map<String, Match> fields = new LinkedHashMap<>();
		request.claims()
			.forEach((field, claim) -> fields.put(field.apiName(),
					Match.of(resident != null && matches(field, claim, resident))));
		return new VerificationResult(request.nik(), fields, null);
	}

	private static boolean matches(ResidentField field, Object claim, ReplicaResident resident) {
		return switch (field) {
			case FULL_NAME -> NameNormaliser.same((String) claim, resident.fullName());
			case BIRTH_PLACE -> NameNormaliser.same((String) claim, resident.birthPlace());
			case BIRTH_DATE -> claim.equals(resident.birthDate());
			case KK_NUMBER -> claim.equals(resident.kkNumber());
			case SEX -> ((Sex) claim).name().equals(resident.sex());
			default -> false;
		};
	}

}
