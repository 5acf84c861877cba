package id.niksync.registry.resident;

import java.lang.annotation.Annotation;
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
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
			"WNIWNA", "WNI|WNA", " ".repeat(101), " ".repeat(201), "\u001f", "\u0021", "\uD800", "1\uD83D\uDE00",
			"\u0661\u0662\u0663\u0664\u0665", "6511\uD83D\uDE00", "001 ", "-12" };

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

	/**
	 * The constraints {@link ResidentConstraints} checks by hand. A constraint added to
	 * the records fails this test until it is checked there too (and listed here).
	 */
	@Test
	void theCheckerKnowsEveryDeclaredConstraint() {
		assertThat(declared(ResidentRequest.class)).containsExactlyInAnyOrder("fullName NotBlank",
				"fullName Size max=200", "birthPlace NotBlank", "birthPlace Size max=100", "birthDate NotNull",
				"sex NotNull", "religion NotNull", "maritalStatus NotNull", "occupation NotBlank",
				"occupation Size max=100", "nationality NotBlank", "nationality Pattern regexp=WNI|WNA",
				"address NotNull", "address cascaded");
		assertThat(declared(Address.class)).containsExactlyInAnyOrder("street NotBlank", "street Size max=200",
				"rt NotBlank", "rt Pattern regexp=\\d{3}", "rw NotBlank", "rw Pattern regexp=\\d{3}",
				"village NotBlank", "village Size max=100", "district NotBlank", "district Size max=100",
				"regency NotBlank", "regency Size max=100", "province NotBlank", "province Size max=100",
				"postalCode NotBlank", "postalCode Pattern regexp=\\d{5}");
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

	/** Each declared constraint as "property Annotation attributes". */
	private static List<String> declared(Class<?> type) {
		List<String> declared = new ArrayList<>();
		beanValidation.getConstraintsForClass(type).getConstrainedProperties().forEach((property) -> {
			property.getConstraintDescriptors().forEach((constraint) -> {
				Annotation annotation = constraint.getAnnotation();
				String attributes = "";
				if (annotation instanceof Size size) {
					attributes = " max=" + size.max() + ((size.min() != 0) ? " min=" + size.min() : "");
				}
				else if (annotation instanceof Pattern pattern) {
					attributes = " regexp=" + pattern.regexp()
							+ ((pattern.flags().length > 0) ? " flags=" + List.of(pattern.flags()) : "");
				}
				declared
					.add(property.getPropertyName() + " " + annotation.annotationType().getSimpleName() + attributes);
			});
			if (property.isCascaded()) {
				declared.add(property.getPropertyName() + " cascaded");
			}
		});
		return declared;
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
