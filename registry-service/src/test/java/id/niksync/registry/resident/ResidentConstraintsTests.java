package id.niksync.registry.resident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import id.niksync.identity.Sex;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.HibernateValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ResidentConstraints} checks by hand what {@link ResidentRequest}'s and
 * {@link Address}'s annotations declare: for every request, the same violations (field,
 * code, message) as Bean Validation reports through {@link ResidentValidator}'s mapping.
 * The requests combine the values at each constraint's edges.
 */
class ResidentConstraintsTests {

	private static final String[] TEXTS = { null, "", " ", "\t\n", "\u0000", "\u2003", "\u00a0", "x", " x ",
			"Siti Aminah", "a".repeat(100), "a".repeat(101), "a".repeat(200), "a".repeat(201),
			"\uD83D\uDE00".repeat(100), "\uD83D\uDE00".repeat(100) + "x", "123", "12", "1234", "12345", "123456", "12a",
			"\uFF11\uFF12\uFF13", "\u0663\u0663\u0663", " 12", "123\n", "00000", "WNI", "WNA", "wni", " WNI", "WNI\n",
			"WNIWNA", "WNI|WNA" };

	private static ValidatorFactory factory;

	private static Validator beanValidation;

	@BeforeAll
	static void beanValidation() {
		factory = Validation.byProvider(HibernateValidator.class)
			.configure()
			.defaultLocale(Locale.ENGLISH)
			.buildValidatorFactory();
		beanValidation = factory.getValidator();
	}

	@AfterAll
	static void close() {
		factory.close();
	}

	@Test
	void everyRequestHasTheViolationsBeanValidationFinds() {
		Random random = new Random(20261201);
		int refused = 0;
		for (int i = 0; i < 50_000; i++) {
			ResidentRequest request = request(random);
			List<FieldViolation> expected = sorted(
					beanValidation.validate(request).stream().map((v) -> ResidentValidator.of("residents[7].", v)));
			List<FieldViolation> checked = new ArrayList<>();
			ResidentConstraints.check(request, "residents[7].", checked);
			assertThat(sorted(checked.stream())).as("%s", request).isEqualTo(expected);
			refused += expected.isEmpty() ? 0 : 1;
		}
		// the values reach both sides of every constraint
		assertThat(refused).isBetween(1_000, 49_000);
	}

	@Test
	void aValidRequestHasNoViolations() {
		ResidentRequest request = new ResidentRequest(null, null, "Siti Aminah", "Malang", LocalDate.of(1990, 1, 2),
				Sex.FEMALE, Religion.values()[0], MaritalStatus.values()[0], "Guru", "WNI",
				new Address("Jl. Ijen 1", "001", "002", "Klojen", "Klojen", "Kota Malang", "Jawa Timur", "65111"));
		List<FieldViolation> checked = new ArrayList<>();
		ResidentConstraints.check(request, "", checked);
		assertThat(checked).isEmpty();
		assertThat(beanValidation.validate(request)).isEmpty();
	}

	private static ResidentRequest request(Random random) {
		Address address = (random.nextInt(10) == 0) ? null
				: new Address(text(random, "Jl. Ijen 1"), text(random, "001"), text(random, "002"),
						text(random, "Klojen"), text(random, "Klojen"), text(random, "Kota Malang"),
						text(random, "Jawa Timur"), text(random, "65111"));
		return new ResidentRequest(null, null, text(random, "Siti Aminah"), text(random, "Malang"),
				(random.nextInt(8) == 0) ? null : LocalDate.of(1990, 1, 2), pick(random, Sex.values()),
				pick(random, Religion.values()), pick(random, MaritalStatus.values()), text(random, "Guru"),
				text(random, "WNI"), address);
	}

	/** Mostly valid values, so a violation is often the request's only one. */
	private static String text(Random random, String valid) {
		return (random.nextInt(12) == 0) ? TEXTS[random.nextInt(TEXTS.length)] : valid;
	}

	private static <T> T pick(Random random, T[] values) {
		return (random.nextInt(8) == 0) ? null : values[random.nextInt(values.length)];
	}

	private static List<FieldViolation> sorted(Stream<FieldViolation> violations) {
		return violations
			.sorted(Comparator.comparing(FieldViolation::field)
				.thenComparing(FieldViolation::code)
				.thenComparing(FieldViolation::message))
			.toList();
	}

}
