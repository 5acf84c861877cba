package id.niksync.identity;

import java.time.LocalDate;
import java.util.List;

/**
 * A valid family card (Kartu Keluarga) number: 16 digits {@code PPRRDD DDMMYY SSSS} — the
 * region (same rules as a NIK's), the issue date (a real date, no + 40) and a serial.
 * {@link #toString()} is masked because a KK number is personal data.
 */
public final class KkNumber {

	private final String value;

	private KkNumber(String value) {
		this.value = value;
	}

	/**
	 * Parse a KK number, reporting every rule it breaks. Input is not trimmed:
	 * surrounding whitespace is reported as {@code KK_LENGTH} and/or
	 * {@code KK_NOT_DIGITS}. When the input is not 16 ASCII digits, no further rule is
	 * checked.
	 * @param raw the input, possibly null
	 * @return the KK number or its violations
	 */
	public static Parsed<KkNumber> parse(String raw) {
		List<Violation> violations = SixteenDigits.check(raw, IdentifierKind.KK);
		if (!violations.isEmpty()) {
			return new Parsed.Invalid<>(violations);
		}
		RegionCode.check(raw, IdentifierKind.KK, violations);
		if (!TwoDigitYearDate.exists(SixteenDigits.number(raw, 6, 8), SixteenDigits.number(raw, 8, 10),
				SixteenDigits.number(raw, 10, 12))) {
			violations.add(IdentifierKind.KK.violation("ISSUE_DATE_INVALID",
					"issue date (digits 7-12, DDMMYY) is not a real date"));
		}
		if (SixteenDigits.number(raw, 12, 16) == 0) {
			violations.add(IdentifierKind.KK.violation("SERIAL_ZERO", "serial (digits 13-16) must not be 0000"));
		}
		return violations.isEmpty() ? new Parsed.Valid<>(new KkNumber(raw)) : new Parsed.Invalid<>(violations);
	}

	/**
	 * Return the KK number for a value known to be valid.
	 * @param raw the input
	 * @return the KK number
	 * @throws InvalidIdentifierException if the input is not a valid KK number
	 */
	public static KkNumber of(String raw) {
		return parse(raw).orElseThrow();
	}

	public String value() {
		return this.value;
	}

	public String regionCode() {
		return this.value.substring(0, RegionCode.LENGTH);
	}

	/**
	 * Return the issue date, read as 20YY unless that is after today, then as 19YY.
	 * @return the issue date
	 */
	public LocalDate issueDate() {
		return issueDate(LocalDate.now());
	}

	LocalDate issueDate(LocalDate today) {
		return TwoDigitYearDate.resolve(SixteenDigits.number(this.value, 6, 8), SixteenDigits.number(this.value, 8, 10),
				SixteenDigits.number(this.value, 10, 12), today);
	}

	public String serial() {
		return this.value.substring(12);
	}

	public String masked() {
		return Nik.mask(this.value);
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof KkNumber kk && this.value.equals(kk.value));
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
