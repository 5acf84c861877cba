package id.niksync.registry.resident;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import id.niksync.identity.KkNumber;
import id.niksync.identity.Nik;
import id.niksync.identity.Parsed;
import id.niksync.identity.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.springframework.stereotype.Component;

/**
 * Checks a whole request at once, so a refused request lists every violation: Bean
 * Validation for the plain fields, the value types for the NIK and KK number.
 */
@Component
class ResidentValidator {

	private final Validator validator;

	ResidentValidator(Validator validator) {
		this.validator = validator;
	}

	Nik check(ResidentRequest request) {
		List<FieldViolation> violations = new ArrayList<>();
		Parsed<Nik> nik = Nik.parse(request.nik());
		Parsed<KkNumber> kk = KkNumber.parse(request.kkNumber());
		nik.violations().forEach((v) -> violations.add(of("nik", v)));
		kk.violations().forEach((v) -> violations.add(of("kkNumber", v)));
		this.validator.validate(request)
			.stream()
			.sorted(Comparator.comparing((ConstraintViolation<?> v) -> v.getPropertyPath().toString()))
			.forEach((v) -> violations.add(of(v)));
		if (!violations.isEmpty()) {
			throw new InvalidResidentException(violations);
		}
		return nik.orElseThrow();
	}

	<T> T check(T request) {
		List<FieldViolation> violations = this.validator.validate(request).stream().map(ResidentValidator::of).toList();
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

	private static FieldViolation of(ConstraintViolation<?> violation) {
		String constraint = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
		String code = switch (constraint) {
			case "NotNull", "NotBlank" -> "FIELD_REQUIRED";
			case "Size" -> "FIELD_LENGTH";
			case "Pattern" -> "FIELD_FORMAT";
			case "PastOrPresent" -> "FIELD_IN_FUTURE";
			default -> "FIELD_INVALID";
		};
		return new FieldViolation(violation.getPropertyPath().toString(), code, violation.getMessage());
	}

}
