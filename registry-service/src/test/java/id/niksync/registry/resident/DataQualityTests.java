package id.niksync.registry.resident;

import java.time.LocalDate;

import id.niksync.identity.Nik;
import id.niksync.identity.Sex;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DataQualityTests {

	private final Nik woman = Nik.of("3511014506900001");

	@Test
	void flagsNothingWhenTheRecordAgreesWithTheNik() {
		assertThat(DataQuality.flags(this.woman, LocalDate.of(1990, 6, 5), Sex.FEMALE)).isEmpty();
	}

	@Test
	void flagsABirthDateThatDisagreesWithTheNik() {
		assertThat(DataQuality.flags(this.woman, LocalDate.of(1990, 6, 7), Sex.FEMALE))
			.containsExactly(DataQuality.BIRTHDATE_MISMATCH);
	}

	@Test
	void flagsASexThatDisagreesWithTheNik() {
		assertThat(DataQuality.flags(this.woman, LocalDate.of(1990, 6, 5), Sex.MALE))
			.containsExactly(DataQuality.SEX_MISMATCH);
	}

}
