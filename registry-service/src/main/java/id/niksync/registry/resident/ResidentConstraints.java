package id.niksync.registry.resident;

import java.util.List;

/**
 * The Bean Validation constraints declared on {@link ResidentRequest} and
 * {@link Address}, checked by hand with the same fields, codes and messages: Hibernate
 * Validator's reflective walk took 15 % of registry-service's CPU under batch
 * registration, and a batch checks a thousand residents. The annotations stay the
 * specification: {@code ResidentConstraintsTests} holds this class to what Bean
 * Validation reports for the same requests. Other requests are still checked by Bean
 * Validation.
 */
final class ResidentConstraints {

	static final String REQUIRED = "FIELD_REQUIRED";

	static final String LENGTH = "FIELD_LENGTH";

	static final String FORMAT = "FIELD_FORMAT";

	private ResidentConstraints() {
	}

	/**
	 * Adds the request's violations of its declared constraints, each field prefixed with
	 * {@code path} (e.g. {@code residents[3].}). The NIK, KK number and birth date's
	 * range are {@link ResidentValidator}'s.
	 */
	static void check(ResidentRequest request, String path, List<FieldViolation> violations) {
		text(request.fullName(), 200, path, "fullName", violations);
		text(request.birthPlace(), 100, path, "birthPlace", violations);
		present(request.birthDate(), path, "birthDate", violations);
		present(request.sex(), path, "sex", violations);
		present(request.religion(), path, "religion", violations);
		present(request.maritalStatus(), path, "maritalStatus", violations);
		text(request.occupation(), 100, path, "occupation", violations);
		String nationality = request.nationality();
		notBlank(nationality, path, "nationality", violations);
		if (nationality != null && !"WNI".equals(nationality) && !"WNA".equals(nationality)) {
			violations.add(new FieldViolation(path + "nationality", FORMAT, "must be WNI or WNA"));
		}
		Address address = request.address();
		if (present(address, path, "address", violations)) {
			String at = path + "address.";
			text(address.street(), 200, at, "street", violations);
			digits(address.rt(), 3, at, "rt", violations);
			digits(address.rw(), 3, at, "rw", violations);
			text(address.village(), 100, at, "village", violations);
			text(address.district(), 100, at, "district", violations);
			text(address.regency(), 100, at, "regency", violations);
			text(address.province(), 100, at, "province", violations);
			digits(address.postalCode(), 5, at, "postalCode", violations);
		}
	}

	/** {@code @NotBlank @Size(max = max)}. */
	private static void text(String value, int max, String path, String field, List<FieldViolation> violations) {
		notBlank(value, path, field, violations);
		if (value != null && value.length() > max) {
			violations.add(new FieldViolation(path + field, LENGTH, "size must be between 0 and " + max));
		}
	}

	/**
	 * {@code @NotBlank @Pattern(regexp = "\\d{count}")}: ASCII digits, as {@code \d} is.
	 */
	private static void digits(String value, int count, String path, String field, List<FieldViolation> violations) {
		notBlank(value, path, field, violations);
		if (value != null && !asciiDigits(value, count)) {
			violations.add(new FieldViolation(path + field, FORMAT, "must match \"\\d{" + count + "}\""));
		}
	}

	private static boolean asciiDigits(String value, int count) {
		if (value.length() != count) {
			return false;
		}
		for (int i = 0; i < count; i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	/**
	 * {@code @NotBlank}: not null, and not only characters up to U+0020, which is what
	 * Hibernate Validator's {@code String.trim()} removes. Like Bean Validation, the
	 * field's other constraints are checked too.
	 */
	private static void notBlank(String value, String path, String field, List<FieldViolation> violations) {
		if (value == null || value.trim().isEmpty()) {
			violations.add(new FieldViolation(path + field, REQUIRED, "must not be blank"));
		}
	}

	/**
	 * {@code @NotNull}.
	 * @return whether the value is present
	 */
	private static boolean present(Object value, String path, String field, List<FieldViolation> violations) {
		if (value == null) {
			violations.add(new FieldViolation(path + field, REQUIRED, "must not be null"));
			return false;
		}
		return true;
	}

}
