package id.niksync.registry.resident;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import id.niksync.access.AuditText;
import id.niksync.identity.KkNumber;
import id.niksync.identity.Nik;
import id.niksync.identity.Parsed;
import id.niksync.identity.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.springframework.stereotype.Component;

/**
 * Checks a whole request at once, so a refused request lists every violation: the
 * constraints declared on the plain fields ({@link ResidentConstraints}; Bean Validation
 * for other requests), the value types for the NIK and KK number, and the birth date's
 * range: from 1900-01-01 to today (any date the database or the replica could not hold,
 * such as year -5000, is outside it).
 */
@Component
class ResidentValidator {

	static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);

	/** A text field that is not one line of readable text. */
	static final String TEXT_INVALID = "FIELD_TEXT_INVALID";

	/**
	 * Indonesia's easternmost time zone (WIT, UTC+9): a child born there just after
	 * midnight is born "today" while it is still yesterday in UTC.
	 */
	private static final ZoneId LATEST_ZONE = ZoneId.of("Asia/Jayapura");

	private final Validator validator;

	private final Clock clock;

	ResidentValidator(Validator validator, Clock clock) {
		this.validator = validator;
		this.clock = clock;
	}

	Nik check(ResidentRequest request) {
		List<FieldViolation> violations = new ArrayList<>();
		Nik nik = collect(request, "", violations);
		if (!violations.isEmpty()) {
			throw new InvalidResidentException(violations);
		}
		return nik;
	}

	/**
	 * Checks every resident of a batch, and that no NIK appears twice in it. Violations
	 * name the resident by its index, e.g. {@code residents[3].birthDate}.
	 * @return the NIKs, in the order of {@code requests}
	 */
	List<Nik> checkAll(List<ResidentRequest> requests) {
		List<FieldViolation> violations = new ArrayList<>();
		List<Nik> niks = new ArrayList<>(requests.size());
		Map<Nik, Integer> firstSeen = new HashMap<>();
		for (int i = 0; i < requests.size(); i++) {
			String path = "residents[" + i + "]";
			ResidentRequest request = requests.get(i);
			if (request == null) {
				violations.add(new FieldViolation(path, ResidentConstraints.REQUIRED, "must not be null"));
				continue;
			}
			Nik nik = collect(request, path + ".", violations);
			Integer first = (nik != null) ? firstSeen.putIfAbsent(nik, i) : null;
			if (first != null) {
				violations.add(new FieldViolation(path + ".nik", "DUPLICATE_IN_BATCH",
						"the same NIK as residents[" + first + "]"));
			}
			niks.add(nik);
		}
		if (!violations.isEmpty()) {
			throw new InvalidResidentException(violations);
		}
		return niks;
	}

	/**
	 * Adds the request's violations, their fields prefixed with {@code path}.
	 * @return the NIK, or {@code null} when it is invalid
	 */
	private Nik collect(ResidentRequest request, String path, List<FieldViolation> violations) {
		Parsed<Nik> nik = Nik.parse(request.nik());
		Parsed<KkNumber> kk = KkNumber.parse(request.kkNumber());
		nik.violations().forEach((v) -> violations.add(of(path + "nik", v)));
		kk.violations().forEach((v) -> violations.add(of(path + "kkNumber", v)));
		List<FieldViolation> fields = new ArrayList<>();
		ResidentConstraints.check(request, path, fields);
		textLines(request, path, fields);
		LocalDate today = LocalDate.now(this.clock.withZone(LATEST_ZONE));
		LocalDate birthDate = request.birthDate();
		if (birthDate != null && (birthDate.isBefore(EARLIEST_BIRTH_DATE) || birthDate.isAfter(today))) {
			fields.add(new FieldViolation(path + "birthDate", "BIRTH_DATE_OUT_OF_RANGE",
					"must be from " + EARLIEST_BIRTH_DATE + " to today"));
		}
		fields.sort(Comparator.comparing(FieldViolation::field));
		violations.addAll(fields);
		return nik.isValid() ? nik.orElseThrow() : null;
	}

	/**
	 * A resident's text fields are one line of readable text each
	 * ({@link #TEXT_INVALID}): a name of only a zero-width space passed as given, one
	 * with a direction override read differently from what it held, line breaks split it,
	 * and an unpaired surrogate was answered back as sent but stored as {@code ?} (seen
	 * in an attack on the local stack). A field already refused as blank is not refused
	 * again.
	 */
	private static void textLines(ResidentRequest request, String path, List<FieldViolation> violations) {
		textLine(request.fullName(), path + "fullName", violations);
		textLine(request.birthPlace(), path + "birthPlace", violations);
		textLine(request.occupation(), path + "occupation", violations);
		Address address = request.address();
		if (address != null) {
			String at = path + "address.";
			textLine(address.street(), at + "street", violations);
			textLine(address.village(), at + "village", violations);
			textLine(address.district(), at + "district", violations);
			textLine(address.regency(), at + "regency", violations);
			textLine(address.province(), at + "province", violations);
		}
	}

	private static void textLine(String value, String field, List<FieldViolation> violations) {
		if (value == null || value.trim().isEmpty()) {
			return;
		}
		if (!AuditText.readableLine(value)) {
			violations.add(new FieldViolation(field, TEXT_INVALID,
					"must be one line of readable text: a visible character at least, no control or invisible"
							+ " characters, no unpaired surrogates"));
		}
	}

	<T> T check(T request) {
		List<FieldViolation> violations = this.validator.validate(request).stream().map((v) -> of("", v)).toList();
		if (!violations.isEmpty()) {
			throw new InvalidResidentException(violations);
		}
		return request;
	}

	static Nik checkNik(String nik) {
		Parsed<Nik> parsed = Nik.parse(nik);
		if (!parsed.isValid()) {
			throw new InvalidResidentException(parsed.violations().stream().map((v) -> of("nik", v)).toList());
		}
		return parsed.orElseThrow();
	}

	private static FieldViolation of(String field, Violation violation) {
		return new FieldViolation(field, violation.code(), violation.message());
	}

	static FieldViolation of(String path, ConstraintViolation<?> violation) {
		String constraint = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
		String code = switch (constraint) {
			case "NotNull", "NotBlank" -> ResidentConstraints.REQUIRED;
			case "Size" -> ResidentConstraints.LENGTH;
			case "Pattern" -> ResidentConstraints.FORMAT;
			default -> "FIELD_INVALID";
		};
		return new FieldViolation(path + violation.getPropertyPath(), code, violation.getMessage());
	}

}
