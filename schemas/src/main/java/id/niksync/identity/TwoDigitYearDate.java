package id.niksync.identity;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Dates written as DDMMYY, where the century is not stored: a date is real if it exists
 * in 19YY or 20YY, and it is read as 20YY unless that lies after today.
 */
final class TwoDigitYearDate {

	private TwoDigitYearDate() {
	}

	static boolean exists(int day, int month, int yearOfCentury) {
		return isRealDate(1900 + yearOfCentury, month, day) || isRealDate(2000 + yearOfCentury, month, day);
	}

	/**
	 * Resolve the century: 20YY unless that date is after {@code today}, then 19YY; if
	 * the chosen date does not exist (29 February 1900) the other century is used.
	 * @param day day of month
	 * @param month month of year
	 * @param yearOfCentury the two-digit year
	 * @param today the date to compare with
	 * @return the date
	 */
	static LocalDate resolve(int day, int month, int yearOfCentury, LocalDate today) {
		int current = 2000 + yearOfCentury;
		int previous = 1900 + yearOfCentury;
		boolean preferPrevious = !isRealDate(current, month, day) || LocalDate.of(current, month, day).isAfter(today);
		int year = (preferPrevious && isRealDate(previous, month, day)) ? previous : current;
		return LocalDate.of(year, month, day);
	}

	private static boolean isRealDate(int year, int month, int day) {
		return month >= 1 && month <= 12 && YearMonth.of(year, month).isValidDay(day);
	}

}
