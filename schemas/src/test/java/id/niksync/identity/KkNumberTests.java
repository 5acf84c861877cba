package id.niksync.identity;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KkNumberTests {

	/** Bondowoso (35 11 01), issued 20 March 2015, serial 0002. */
	private static final String KK = "3511012003150002";

	private static final List<String> KNOWN_PROVINCES = List.of("11", "12", "13", "14", "15", "16", "17", "18", "19",
			"21", "31", "32", "33", "34", "35", "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73",
			"74", "75", "76", "81", "82", "91", "92", "93", "94", "95", "96");

	@Test
	void exposesRegionIssueDateAndSerial() {
		KkNumber kk = KkNumber.of(KK);
		assertThat(kk.value()).isEqualTo(KK);
		assertThat(kk.regionCode()).isEqualTo("351101");
		assertThat(kk.issueDate()).isEqualTo(LocalDate.of(2015, 3, 20));
		assertThat(kk.serial()).isEqualTo("0002");
	}

	@ParameterizedTest
	@MethodSource("knownProvinces")
	void acceptsEveryKnownProvince(String province) {
		assertThat(KkNumber.of(province + KK.substring(2)).regionCode()).startsWith(province);
	}

	@ParameterizedTest
	@ValueSource(strings = { "00", "10", "20", "22", "30", "37", "50", "54", "60", "66", "70", "77", "80", "83", "90",
			"97", "99" })
	void rejectsUnknownProvince(String province) {
		assertThat(codes(province + KK.substring(2))).containsExactly("KK_PROVINCE_UNKNOWN");
	}

	@Test
	void acceptsNoProvinceOutsideTheKnownList() {
		List<String> accepted = IntStream.range(0, 100)
			.mapToObj((code) -> "%02d".formatted(code))
			.filter((province) -> KkNumber.parse(province + KK.substring(2)).isValid())
			.toList();
		assertThat(accepted).containsExactlyElementsOf(KNOWN_PROVINCES);
	}

	@Test
	void rejectsRegencyZero() {
		assertThat(codes("3500012003150002")).containsExactly("KK_REGENCY_ZERO");
	}

	@Test
	void rejectsDistrictZero() {
		assertThat(codes("3511002003150002")).containsExactly("KK_DISTRICT_ZERO");
	}

	@ParameterizedTest
	@ValueSource(strings = { "010190", "311299", "290200", "290296", "290204", "300415", "280223" })
	void acceptsRealIssueDates(String issued) {
		assertThat(KkNumber.parse(kkIssuedOn(issued)).isValid()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "450615", "410115", "710115" })
	void rejectsIssueDayWithFortyAdded(String issued) {
		assertThat(codes(kkIssuedOn(issued))).containsExactly("KK_ISSUE_DATE_INVALID");
	}

	@ParameterizedTest
	@ValueSource(strings = { "290201", "290223", "290299", "310415", "300215", "310615", "310915", "311115" })
	void rejectsDayThatDoesNotExistInItsMonth(String issued) {
		assertThat(codes(kkIssuedOn(issued))).containsExactly("KK_ISSUE_DATE_INVALID");
	}

	@ParameterizedTest
	@ValueSource(strings = { "000115", "320115", "400115", "720115", "990115", "010015", "011315", "019915" })
	void rejectsImpossibleDayOrMonth(String issued) {
		assertThat(codes(kkIssuedOn(issued))).containsExactly("KK_ISSUE_DATE_INVALID");
	}

	@Test
	void acceptsExactlyDaysOneToThirtyOne() {
		List<Integer> accepted = IntStream.range(0, 100)
			.filter((day) -> KkNumber.parse(kkIssuedOn("%02d0115".formatted(day))).isValid())
			.boxed()
			.toList();
		assertThat(accepted).containsExactlyElementsOf(IntStream.rangeClosed(1, 31).boxed().toList());
	}

	@ParameterizedTest
	@CsvSource({ "200315, 2025-06-10, 2015-03-20", "100625, 2025-06-10, 2025-06-10", "110625, 2025-06-10, 1925-06-11",
			"311299, 2025-06-10, 1999-12-31", "290200, 2025-06-10, 2000-02-29", "290200, 1999-12-31, 2000-02-29",
			"010100, 1999-12-31, 1900-01-01" })
	void resolvesTheIssueCenturyAsTwentyUnlessThatIsInTheFuture(String issued, LocalDate today, LocalDate expected) {
		assertThat(KkNumber.of(kkIssuedOn(issued)).issueDate(today)).isEqualTo(expected);
	}

	@Test
	void rejectsSerialZero() {
		assertThat(codes("3511012003150000")).containsExactly("KK_SERIAL_ZERO");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0001", "9999" })
	void acceptsSerialBoundaries(String serial) {
		assertThat(KkNumber.of(KK.substring(0, 12) + serial).serial()).isEqualTo(serial);
	}

	@Test
	void reportsEveryFieldViolationTogether() {
		assertThat(codes("0000000000000000")).containsExactly("KK_PROVINCE_UNKNOWN", "KK_REGENCY_ZERO",
				"KK_DISTRICT_ZERO", "KK_ISSUE_DATE_INVALID", "KK_SERIAL_ZERO");
		assertThat(codes("9911012003150000")).containsExactly("KK_PROVINCE_UNKNOWN", "KK_SERIAL_ZERO");
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "                ", "\t" })
	void rejectsMissingKkNumber(String raw) {
		assertThat(codes(raw)).containsExactly("KK_REQUIRED");
	}

	@ParameterizedTest
	@ValueSource(strings = { "3", "351101200315000", "35110120031500021" })
	void rejectsWrongLength(String raw) {
		assertThat(codes(raw)).containsExactly("KK_LENGTH");
	}

	@ParameterizedTest
	@ValueSource(strings = { "35110120031500O2", "3511 12003150002", "3511-12003150002", "35110120031500\u0660\u0662" })
	void rejectsAnythingButAsciiDigits(String raw) {
		assertThat(raw).hasSize(16);
		assertThat(codes(raw)).containsExactly("KK_NOT_DIGITS");
	}

	@ParameterizedTest
	@ValueSource(strings = { " 3511012003150002", "3511012003150002 ", "3511012003150002\r\n" })
	void doesNotTrimSurroundingWhitespace(String raw) {
		assertThat(codes(raw)).containsExactly("KK_LENGTH", "KK_NOT_DIGITS");
	}

	@Test
	void stopsAtLengthOrDigitFailures() {
		assertThat(codes("000000000000000")).containsExactly("KK_LENGTH");
		assertThat(codes("00000000000000x0")).containsExactly("KK_NOT_DIGITS");
	}

	@ParameterizedTest
	@ValueSource(strings = { "9911012003150000", "0000000000000000", "3511014506150002", "351101200315000",
			" 3511012003150002", "35110120031500O2" })
	void neverPutsTheInputInMessages(String raw) {
		assertThat(KkNumber.parse(raw).violations()).isNotEmpty().allSatisfy((violation) -> {
			assertThat(violation.code()).startsWith("KK_");
			assertThat(violation.message()).isNotBlank().doesNotContain(raw.strip());
		});
		assertThatExceptionOfType(InvalidIdentifierException.class).isThrownBy(() -> KkNumber.of(raw))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(raw.strip()));
	}

	@Test
	void throwsWithEveryViolationWhenCreatingFromInvalidInput() {
		assertThatExceptionOfType(InvalidIdentifierException.class).isThrownBy(() -> KkNumber.of("9911012003150000"))
			.withMessage("Invalid identifier: KK_PROVINCE_UNKNOWN, KK_SERIAL_ZERO")
			.satisfies((ex) -> assertThat(ex.violations()).extracting(Violation::code)
				.containsExactly("KK_PROVINCE_UNKNOWN", "KK_SERIAL_ZERO"));
	}

	@Test
	void givesTheValueOfAValidParse() {
		Parsed<KkNumber> parsed = KkNumber.parse(KK);
		assertThat(parsed.isValid()).isTrue();
		assertThat(parsed.violations()).isEmpty();
		assertThat(parsed.orElseThrow()).isEqualTo(KkNumber.of(KK));
	}

	@Test
	void usesTheMaskedFormAsToString() {
		KkNumber kk = KkNumber.of(KK);
		assertThat(kk.masked()).isEqualTo("3511********0002");
		assertThat(kk).hasToString("3511********0002");
		assertThat(KkNumber.parse(KK).toString()).doesNotContain(KK);
	}

	@Test
	void isEqualByValue() {
		assertThat(KkNumber.of(KK)).isEqualTo(KkNumber.of(new String(KK.toCharArray())))
			.hasSameHashCodeAs(KkNumber.of(KK))
			.isNotEqualTo(KkNumber.of("3511012003150003"))
			.isNotEqualTo(KK)
			.isNotEqualTo(null);
	}

	static Stream<String> knownProvinces() {
		return KNOWN_PROVINCES.stream();
	}

	private static String kkIssuedOn(String ddmmyy) {
		return "351101" + ddmmyy + "0002";
	}

	private static List<String> codes(String raw) {
		return KkNumber.parse(raw).violations().stream().map(Violation::code).toList();
	}

}
