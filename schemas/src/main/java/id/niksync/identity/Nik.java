package id.niksync.identity;

import java.time.LocalDate;
import java.util.List;

/**
 * A valid Nomor Induk Kependudukan: 16 digits {@code PP RR DD DDMMYY SSSS} — the
 * province, regency and district where it was first registered, the birth date (day + 40
 * for women) and a serial. {@link #toString()} is masked because a NIK is personal data;
 * use {@link #value()} only where the full number is really needed.
 */
public final class Nik {

	private static final java.util.regex.Pattern SIXTEEN_DIGIT_RUN = java.util.regex.Pattern.compile("\\d{16}");

	private static final int FEMALE_DAY_OFFSET = 40;

	private static final int VISIBLE_EDGE = 4;

	private final String value;

	private Nik(String value) {
		this.value = value;
	}

	/**
	 * Parse a NIK, reporting every rule it breaks. Input is not trimmed: surrounding
	 * whitespace is reported as {@code NIK_LENGTH} and/or {@code NIK_NOT_DIGITS}. When
	 * the input is not 16 ASCII digits, no further rule is checked.
	 * @param raw the input, possibly null
	 * @return the NIK or its violations
	 */
	public static Parsed<Nik> parse(String raw) {
		List<Violation> violations = SixteenDigits.check(raw, IdentifierKind.NIK);
		if (!violations.isEmpty()) {
			return new Parsed.Invalid<>(violations);
		}
		RegionCode.check(raw, IdentifierKind.NIK, violations);
		if (!isBirthDate(raw)) {
			violations.add(IdentifierKind.NIK.violation("BIRTHDATE_INVALID",
					"birth date (digits 7-12, DDMMYY with day + 40 for women) is not a real date"));
		}
		if (SixteenDigits.number(raw, 12, 16) == 0) {
			violations.add(IdentifierKind.NIK.violation("SERIAL_ZERO", "serial (digits 13-16) must not be 0000"));
		}
		return violations.isEmpty() ? new Parsed.Valid<>(new Nik(raw)) : new Parsed.Invalid<>(violations);
	}

	/**
	 * Return the NIK for a value known to be valid.
	 * @param raw the input
	 * @return the NIK
	 * @throws InvalidIdentifierException if the input is not a valid NIK
	 */
	public static Nik of(String raw) {
		return parse(raw).orElseThrow();
	}

	private static boolean isBirthDate(String digits) {
		int dayField = SixteenDigits.number(digits, 6, 8);
		boolean dayInRange = (dayField >= 1 && dayField <= 31) || (dayField >= 41 && dayField <= 71);
		return dayInRange && TwoDigitYearDate.exists(dayField % FEMALE_DAY_OFFSET, SixteenDigits.number(digits, 8, 10),
				SixteenDigits.number(digits, 10, 12));
	}

	public String value() {
		return this.value;
	}

	public String provinceCode() {
		return this.value.substring(0, 2);
	}

	public String regencyCode() {
		return this.value.substring(0, 4);
	}

	public String districtCode() {
		return this.value.substring(0, RegionCode.LENGTH);
	}

	public Sex sex() {
		return (dayField() > FEMALE_DAY_OFFSET) ? Sex.FEMALE : Sex.MALE;
	}

	public int birthDay() {
		return dayField() % FEMALE_DAY_OFFSET;
	}

	public int birthMonth() {
		return SixteenDigits.number(this.value, 8, 10);
	}

	public int birthYearOfCentury() {
		return SixteenDigits.number(this.value, 10, 12);
	}

	/**
	 * Return the birth date, read as 20YY unless that is after today, then as 19YY.
	 * @return the birth date
	 */
	public LocalDate birthDate() {
		return birthDate(LocalDate.now());
	}

	LocalDate birthDate(LocalDate today) {
		return TwoDigitYearDate.resolve(birthDay(), birthMonth(), birthYearOfCentury(), today);
	}

	public String serial() {
		return this.value.substring(12);
	}

	/**
	 * Whether a recorded birth date agrees with this NIK's day, month and two-digit year.
	 * A mismatch is a data quality flag, not a reason to reject the NIK.
	 * @param date the recorded birth date, possibly null (never matches)
	 * @return whether they agree
	 */
	public boolean matchesBirthDate(LocalDate date) {
		return date != null && date.getDayOfMonth() == birthDay() && date.getMonthValue() == birthMonth()
				&& Math.floorMod(date.getYear(), 100) == birthYearOfCentury();
	}

	/**
	 * Whether a recorded sex agrees with this NIK.
	 * @param sex the recorded sex, possibly null (never matches)
	 * @return whether they agree
	 */
	public boolean matchesSex(Sex sex) {
		return sex() == sex;
	}

	public String masked() {
		return mask(this.value);
	}

	/**
	 * Mask any string that may be a NIK or KK number, valid or not, for logs and
	 * messages. A 16-character value keeps its first and last four characters
	 * ({@code 3511********0001}). Edges are only shown while at least eight characters
	 * stay hidden, so anything shorter than 16 is masked completely; {@code null} becomes
	 * {@code "null"}.
	 * @param anyString the value to mask
	 * @return the masked form, of the same length
	 */
	public static String mask(String anyString) {
		if (anyString == null) {
			return "null";
		}
		int length = anyString.length();
		if (length < SixteenDigits.LENGTH) {
			return "*".repeat(length);
		}
		return anyString.substring(0, VISIBLE_EDGE) + "*".repeat(length - 2 * VISIBLE_EDGE)
				+ anyString.substring(length - VISIBLE_EDGE);
	}

	/**
	 * The text with every run of 16 digits in it (a NIK, a KK number) masked as
	 * {@link #mask(String)} does: for log lines that quote a request path or a message
	 * which may hold one.
	 * @param text any text, may be null
	 * @return the text masked ({@code "null"} for null)
	 */
	public static String maskWithin(String text) {
		if (text == null) {
			return "null";
		}
		return SIXTEEN_DIGIT_RUN.matcher(text).replaceAll((match) -> mask(match.group()));
	}

	private int dayField() {
		return SixteenDigits.number(this.value, 6, 8);
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof Nik nik && this.value.equals(nik.value));
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return masked();
	}

}
