package id.niksync.registry.resident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import id.niksync.identity.Nik;
import id.niksync.identity.Sex;

/**
 * A record whose birth date or sex disagrees with its NIK is kept and flagged, not
 * refused: the NIK never changes, so a corrected birth date must be recordable against
 * it.
 */
final class DataQuality {

	static final String BIRTHDATE_MISMATCH = "BIRTHDATE_MISMATCH";

	static final String SEX_MISMATCH = "SEX_MISMATCH";

	private DataQuality() {
	}

	static List<String> flags(Nik nik, LocalDate birthDate, Sex sex) {
		List<String> flags = new ArrayList<>(2);
		if (!nik.matchesBirthDate(birthDate)) {
			flags.add(BIRTHDATE_MISMATCH);
		}
		if (!nik.matchesSex(sex)) {
			flags.add(SEX_MISMATCH);
		}
		return List.copyOf(flags);
	}

}
