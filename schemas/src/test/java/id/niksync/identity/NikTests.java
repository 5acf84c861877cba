package id.niksync.identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NikTests {

	/** Bondowoso (35 11 01), a woman born 5 June 1990, serial 0001. */
	private static final String FEMALE = "3511014506900001";

	/** The same, but a man. */
	private static final String MALE = "3511010506900001";

	private static final List<String> KNOWN_PROVINCES = List.of("11", "12", "13", "14", "15", "16", "17", "18", "19",
			"21", "31", "32", "33", "34", "35", "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73",
			"74", "75", "76", "81", "82", "91", "92", "93", "94", "95", "96");

	@Test
	void readsFemaleBirthDayWithFortyAdded() {
		Nik nik = Nik.of(FEMALE);
		assertThat(nik.sex()).isEqualTo(Sex.FEMALE);
		assertThat(nik.birthDay()).isEqualTo(5);
		assertThat(nik.birthMonth()).isEqualTo(6);
		assertThat(nik.birthYearOfCentury()).isEqualTo(90);
		assertThat(nik.birthDate()).isEqualTo(LocalDate.of(1990, 6, 5));
	}

	@Test
	void readsMaleBirthDayAsWritten() {
		Nik nik = Nik.of(MALE);
		assertThat(nik.sex()).isEqualTo(Sex.MALE);
		assertThat(nik.birthDay()).isEqualTo(5);
		assertThat(nik.birthDate()).isEqualTo(LocalDate.of(1990, 6, 5));
	}

	@Test
	void exposesRegionAndSerialFields() {
		Nik nik = Nik.of("3271046504930123");
		assertThat(nik.value()).isEqualTo("3271046504930123");
		assertThat(nik.provinceCode()).isEqualTo("32");
		assertThat(nik.regencyCode()).isEqualTo("3271");
		assertThat(nik.districtCode()).isEqualTo("327104");
		assertThat(nik.serial()).isEqualTo("0123");
		assertThat(nik.sex()).isEqualTo(Sex.FEMALE);
		assertThat(nik.birthDay()).isEqualTo(25);
		assertThat(nik.birthMonth()).isEqualTo(4);
		assertThat(nik.birthYearOfCentury()).isEqualTo(93);
	}

	@ParameterizedTest
	@MethodSource("knownProvinces")
	void acceptsEveryKnownProvince(String province) {
		assertThat(Nik.parse(province + FEMALE.substring(2)).isValid()).isTrue();
		assertThat(Nik.of(province + FEMALE.substring(2)).provinceCode()).isEqualTo(province);
	}

	@ParameterizedTest
	@ValueSource(strings = { "00", "10", "20", "22", "30", "37", "50", "54", "60", "66", "70", "77", "80", "83", "90",
			"97", "99" })
	void rejectsUnknownProvince(String province) {
		assertThat(codes(province + FEMALE.substring(2))).containsExactly("NIK_PROVINCE_UNKNOWN");
	}

	@Test
	void acceptsNoProvinceOutsideTheKnownList() {
		List<String> accepted = IntStream.range(0, 100)
			.mapToObj((code) -> "%02d".formatted(code))
			.filter((province) -> Nik.parse(province + FEMALE.substring(2)).isValid())
			.toList();
		assertThat(accepted).containsExactlyElementsOf(KNOWN_PROVINCES);
	}

	@Test
	void rejectsRegencyZero() {
		assertThat(codes("3500014506900001")).containsExactly("NIK_REGENCY_ZERO");
	}

	@Test
	void rejectsDistrictZero() {
		assertThat(codes("3511004506900001")).containsExactly("NIK_DISTRICT_ZERO");
	}

	@ParameterizedTest
	@ValueSource(strings = { "3510014506900001", "3511104506900001", "9699994506900001" })
	void acceptsRegencyAndDistrictWithAZeroDigit(String nik) {
		assertThat(Nik.parse(nik).isValid()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "290296", "290200", "290204", "290224", "690296", "690200", "690204" })
	void acceptsTwentyNinthFebruaryInLeapYears(String birth) {
		assertThat(Nik.parse(nikBornOn(birth)).isValid()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "290201", "290223", "290299", "290290", "690201", "690223", "690299" })
	void rejectsTwentyNinthFebruaryInNonLeapYears(String birth) {
		assertThat(codes(nikBornOn(birth))).containsExactly("NIK_BIRTHDATE_INVALID");
	}

	@ParameterizedTest
	@ValueSource(strings = { "310490", "710490", "300290", "700290", "310690", "310990", "311190" })
	void rejectsDayThatDoesNotExistInItsMonth(String birth) {
		assertThat(codes(nikBornOn(birth))).containsExactly("NIK_BIRTHDATE_INVALID");
	}

	@ParameterizedTest
	@ValueSource(strings = { "310190", "280290", "310390", "300490", "310590", "300690", "310790", "310890", "300990",
			"311090", "301190", "311290", "711290" })
	void acceptsLastDayOfEveryMonth(String birth) {
		assertThat(Nik.parse(nikBornOn(birth)).isValid()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "00", "32", "39", "40", "72", "80", "99" })
	void rejectsBirthDayOutsideBothRanges(String day) {
		assertThat(codes(nikBornOn(day + "0190"))).containsExactly("NIK_BIRTHDATE_INVALID");
	}

	@ParameterizedTest
	@CsvSource({ "01, 1, MALE", "31, 31, MALE", "41, 1, FEMALE", "71, 31, FEMALE" })
	void acceptsBirthDayBoundaries(String dayField, int day, Sex sex) {
		Nik nik = Nik.of(nikBornOn(dayField + "0190"));
		assertThat(nik.birthDay()).isEqualTo(day);
		assertThat(nik.sex()).isEqualTo(sex);
	}

	@Test
	void acceptsExactlyDaysOneToThirtyOneForMenAndFortyOneToSeventyOneForWomen() {
		List<Integer> accepted = IntStream.range(0, 100)
			.filter((day) -> Nik.parse(nikBornOn("%02d0190".formatted(day))).isValid())
			.boxed()
			.toList();
		List<Integer> expected = new ArrayList<>();
		IntStream.rangeClosed(1, 31).forEach(expected::add);
		IntStream.rangeClosed(41, 71).forEach(expected::add);
		assertThat(accepted).containsExactlyElementsOf(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "00", "13", "20", "99" })
	void rejectsImpossibleMonth(String month) {
		assertThat(codes(nikBornOn("05" + month + "90"))).containsExactly("NIK_BIRTHDATE_INVALID");
		assertThat(codes(nikBornOn("45" + month + "90"))).containsExactly("NIK_BIRTHDATE_INVALID");
	}

	@Test
	void acceptsEveryMonthOneToTwelve() {
		List<Integer> accepted = IntStream.range(0, 100)
			.filter((month) -> Nik.parse(nikBornOn("01%02d90".formatted(month))).isValid())
			.boxed()
			.toList();
		assertThat(accepted).containsExactlyElementsOf(IntStream.rangeClosed(1, 12).boxed().toList());
	}

	@Test
	void rejectsSerialZero() {
		assertThat(codes("3511014506900000")).containsExactly("NIK_SERIAL_ZERO");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0001", "0010", "1000", "9999" })
	void acceptsSerialsFromOneToNineThousandNineHundredNinetyNine(String serial) {
		assertThat(Nik.of(FEMALE.substring(0, 12) + serial).serial()).isEqualTo(serial);
	}

	@ParameterizedTest
	@CsvSource({ "3511010000900000, NIK_BIRTHDATE_INVALID NIK_SERIAL_ZERO", "3511014506900000, NIK_SERIAL_ZERO",
			"3511010006900017, NIK_BIRTHDATE_INVALID", "3511010000000000, NIK_BIRTHDATE_INVALID NIK_SERIAL_ZERO" })
	void rejectsTheMalformedNiksFoundInTheField(String nik, String expectedCodes) {
		assertThat(codes(nik)).containsExactly(expectedCodes.split(" "));
	}

	@Test
	void reportsUnknownProvinceAndSerialZeroTogether() {
		assertThat(codes("9911014506900000")).containsExactly("NIK_PROVINCE_UNKNOWN", "NIK_SERIAL_ZERO");
	}

	@Test
	void reportsEveryFieldViolationTogether() {
		assertThat(codes("0000000000000000")).containsExactly("NIK_PROVINCE_UNKNOWN", "NIK_REGENCY_ZERO",
				"NIK_DISTRICT_ZERO", "NIK_BIRTHDATE_INVALID", "NIK_SERIAL_ZERO");
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "                ", "\t", "\n" })
	void rejectsMissingNik(String raw) {
		assertThat(codes(raw)).containsExactly("NIK_REQUIRED");
	}

	@ParameterizedTest
	@ValueSource(strings = { "3", "351101450690001", "35110145069000011", "35110145069000010000" })
	void rejectsWrongLength(String raw) {
		assertThat(codes(raw)).containsExactly("NIK_LENGTH");
	}

	@ParameterizedTest
	@ValueSource(strings = { "35110145069O0001", "3511 14506900001", "3511-14506900001", "+511014506900001",
			"-511014506900001", "351101450690000\u0000",
			"\uFF13\uFF15\uFF11\uFF11\uFF10\uFF11\uFF14\uFF15\uFF10\uFF16\uFF19\uFF10\uFF10\uFF10\uFF10\uFF11",
			"\u0663\u0665\u0661\u0661\u0660\u0661\u0664\u0665\u0660\u0666\u0669\u0660\u0660\u0660\u0660\u0661" })
	void rejectsAnythingButAsciiDigits(String raw) {
		assertThat(raw).hasSize(16);
		assertThat(codes(raw)).containsExactly("NIK_NOT_DIGITS");
	}

	@ParameterizedTest
	@ValueSource(strings = { " 3511014506900001", "3511014506900001 ", "3511014506900001\n", "\t3511014506900001",
			"3511-0145-0690-0001", "NIK:3511014506900001" })
	void doesNotTrimOrStripSeparators(String raw) {
		assertThat(codes(raw)).containsExactly("NIK_LENGTH", "NIK_NOT_DIGITS");
	}

	@Test
	void reportsWhitespaceReplacingADigitAsNotDigits() {
		assertThat(codes(" 511014506900001")).containsExactly("NIK_NOT_DIGITS");
		assertThat(codes("351101450690000 ")).containsExactly("NIK_NOT_DIGITS");
	}

	@Test
	void stopsAtLengthOrDigitFailures() {
		assertThat(codes("000000000000000")).containsExactly("NIK_LENGTH");
		assertThat(codes("00000000000000x0")).containsExactly("NIK_NOT_DIGITS");
		assertThat(codes("0000000000000000x")).containsExactly("NIK_LENGTH", "NIK_NOT_DIGITS");
	}

	@ParameterizedTest
	@MethodSource("invalidInputs")
	void neverPutsTheInputInMessages(String raw) {
		Parsed<Nik> parsed = Nik.parse(raw);
		assertThat(parsed.violations()).isNotEmpty().allSatisfy((violation) -> {
			assertThat(violation.code()).startsWith("NIK_");
			assertThat(violation.message()).isNotBlank().doesNotContain(raw.strip());
		});
		assertThatExceptionOfType(InvalidIdentifierException.class).isThrownBy(() -> Nik.of(raw))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(raw.strip()))
			.satisfies((ex) -> assertThat(ex.toString()).doesNotContain(raw.strip()));
	}

	@Test
	void throwsWithEveryViolationWhenCreatingFromInvalidInput() {
		assertThatExceptionOfType(InvalidIdentifierException.class).isThrownBy(() -> Nik.of("9911014506900000"))
			.isInstanceOf(IllegalArgumentException.class)
			.withMessage("Invalid identifier: NIK_PROVINCE_UNKNOWN, NIK_SERIAL_ZERO")
			.satisfies((ex) -> assertThat(ex.violations()).extracting(Violation::code)
				.containsExactly("NIK_PROVINCE_UNKNOWN", "NIK_SERIAL_ZERO"));
	}

	@Test
	void givesTheValueOfAValidParse() {
		Parsed<Nik> parsed = Nik.parse(FEMALE);
		assertThat(parsed).isInstanceOf(Parsed.Valid.class);
		assertThat(parsed.isValid()).isTrue();
		assertThat(parsed.violations()).isEmpty();
		assertThat(parsed.orElseThrow()).isEqualTo(Nik.of(FEMALE));
	}

	@Test
	void givesTheViolationsOfAnInvalidParse() {
		Parsed<Nik> parsed = Nik.parse("3511014506900000");
		assertThat(parsed).isInstanceOf(Parsed.Invalid.class);
		assertThat(parsed.isValid()).isFalse();
		assertThat(parsed.violations())
			.containsExactly(new Violation("NIK_SERIAL_ZERO", "NIK serial (digits 13-16) must not be 0000"));
		assertThatExceptionOfType(InvalidIdentifierException.class).isThrownBy(parsed::orElseThrow);
	}

	@Test
	void masksTheMiddleEightDigits() {
		assertThat(Nik.mask("3511014506900001")).isEqualTo("3511********0001");
		assertThat(Nik.of("3511014506900001").masked()).isEqualTo("3511********0001");
	}

	@Test
	void usesTheMaskedFormAsToString() {
		Nik nik = Nik.of(FEMALE);
		assertThat(nik).hasToString("3511********0001");
		assertThat(Nik.parse(FEMALE).toString()).doesNotContain(FEMALE).contains("3511********0001");
	}

	@ParameterizedTest
	@CsvSource(value = { "'', ''", "1, *", "12345678, ********", "123456789, *********",
			"351101450690001, ***************", "35110145069000011, 3511*********0011",
			"' 3511014506900001', ' 351*********0001'" })
	void masksAnyStringWithoutRevealingMoreThanFourAndFour(String raw, String masked) {
		assertThat(Nik.mask(raw)).isEqualTo(masked).hasSameSizeAs(raw);
	}

	@Test
	void masksEverySixteenDigitRunWithinAText() {
		assertThat(Nik.maskWithin("/ops/reonline-requests/refusals/3511014506900001/lift?kk=3511020101150002"))
			.isEqualTo("/ops/reonline-requests/refusals/3511********0001/lift?kk=3511********0002");
		assertThat(Nik.maskWithin("/ops/dead-letters/42/replay")).isEqualTo("/ops/dead-letters/42/replay");
		assertThat(Nik.maskWithin(null)).isEqualTo("null");
	}

	@Test
	void masksNullAsTheWordNull() {
		assertThat(Nik.mask(null)).isEqualTo("null");
	}

	@Test
	void isEqualByValue() {
		assertThat(Nik.of(FEMALE)).isEqualTo(Nik.of(new String(FEMALE.toCharArray())))
			.hasSameHashCodeAs(Nik.of(FEMALE))
			.isNotEqualTo(Nik.of(MALE))
			.isNotEqualTo(FEMALE)
			.isNotEqualTo(KkNumber.of(FEMALE.substring(0, 6) + "0506900001"))
			.isNotEqualTo(null);
	}

	@ParameterizedTest
	@CsvSource({ "050690, 2025-06-10, 1990-06-05", "050605, 2025-06-10, 2005-06-05", "100625, 2025-06-10, 2025-06-10",
			"110625, 2025-06-10, 1925-06-11", "010100, 2025-06-10, 2000-01-01", "290200, 2025-06-10, 2000-02-29",
			"690296, 2025-06-10, 1996-02-29", "010100, 1999-12-31, 1900-01-01", "290200, 1999-12-31, 2000-02-29" })
	void resolvesTheBirthCenturyAsTwentyUnlessThatIsInTheFuture(String birth, LocalDate today, LocalDate expected) {
		assertThat(Nik.of(nikBornOn(birth)).birthDate(today)).isEqualTo(expected);
	}

	@Test
	void matchesBirthDateOnDayMonthAndTwoDigitYear() {
		Nik nik = Nik.of(FEMALE);
		assertThat(nik.matchesBirthDate(LocalDate.of(1990, 6, 5))).isTrue();
		assertThat(nik.matchesBirthDate(LocalDate.of(1890, 6, 5))).isTrue();
		assertThat(nik.matchesBirthDate(LocalDate.of(1990, 6, 6))).isFalse();
		assertThat(nik.matchesBirthDate(LocalDate.of(1990, 7, 5))).isFalse();
		assertThat(nik.matchesBirthDate(LocalDate.of(1991, 6, 5))).isFalse();
		assertThat(nik.matchesBirthDate(LocalDate.of(1945, 6, 5))).isFalse();
		assertThat(nik.matchesBirthDate(null)).isFalse();
	}

	@Test
	void matchesSexEncodedInTheBirthDay() {
		assertThat(Nik.of(FEMALE).matchesSex(Sex.FEMALE)).isTrue();
		assertThat(Nik.of(FEMALE).matchesSex(Sex.MALE)).isFalse();
		assertThat(Nik.of(MALE).matchesSex(Sex.MALE)).isTrue();
		assertThat(Nik.of(MALE).matchesSex(Sex.FEMALE)).isFalse();
		assertThat(Nik.of(MALE).matchesSex(null)).isFalse();
	}

	static Stream<String> knownProvinces() {
		return KNOWN_PROVINCES.stream();
	}

	static Stream<Arguments> invalidInputs() {
		return Stream
			.of("9911014506900000", "0000000000000000", "3511010000900000", "3511013102900001", "3500004506900001",
					"351101450690001", "35110145069000011", " 3511014506900001", "35110145069O0001")
			.map(Arguments::of);
	}

	private static String nikBornOn(String ddmmyy) {
		return "351101" + ddmmyy + "0001";
	}

	private static List<String> codes(String raw) {
		return Nik.parse(raw).violations().stream().map(Violation::code).toList();
	}

}
