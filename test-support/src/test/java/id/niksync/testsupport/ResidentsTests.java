package id.niksync.testsupport;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import id.niksync.identity.KkNumber;
import id.niksync.identity.Nik;
import id.niksync.identity.Parsed;
import id.niksync.identity.Sex;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResidentsTests {

	private final List<GeneratedResident> demo = Residents.bondowoso().first(5000);

	@Test
	void startsWithTheReadmeResident() {
		GeneratedResident siti = this.demo.get(0);
		assertThat(siti.nik()).isEqualTo("3511014506900001");
		assertThat(siti.kkNumber()).isEqualTo("3511010101100001");
		assertThat(siti.fullName()).isEqualTo("Siti Aminah");
		assertThat(siti.birthDate()).isEqualTo(LocalDate.of(1990, 6, 5));
		assertThat(siti.birthPlace()).isEqualTo("Bondowoso");
	}

	@Test
	void generatesValidNiksThatAgreeWithBirthDateAndSex() {
		assertThat(this.demo).hasSize(5000).allSatisfy((resident) -> {
			Parsed<Nik> parsed = Nik.parse(resident.nik());
			assertThat(parsed.violations()).as(resident.nik()).isEmpty();
			Nik nik = parsed.orElseThrow();
			assertThat(nik.regencyCode()).isEqualTo("3511");
			assertThat(Integer.parseInt(nik.districtCode().substring(4))).isBetween(1, 23);
			assertThat(nik.matchesBirthDate(resident.birthDate())).as(resident.nik()).isTrue();
			assertThat(nik.matchesSex(Sex.valueOf(resident.sex()))).as(resident.nik()).isTrue();
			assertThat(resident.birthDate()).isBetween(LocalDate.of(1940, 1, 1), LocalDate.of(2008, 12, 31));
		});
	}

	@Test
	void mixesSexesAndBirthYearsEvenInASmallDemo() {
		List<GeneratedResident> small = Residents.bondowoso().first(100);
		assertThat(small).extracting(GeneratedResident::sex).contains("MALE", "FEMALE");
		assertThat(small.stream().map((resident) -> resident.birthDate().getYear() / 10).distinct().count())
			.isGreaterThanOrEqualTo(5);
	}

	@Test
	void generatesValidKkNumbersOfTheirRegion() {
		assertThat(this.demo).allSatisfy((resident) -> {
			assertThat(KkNumber.parse(resident.kkNumber()).violations()).as(resident.kkNumber()).isEmpty();
			assertThat(resident.kkNumber()).startsWith(resident.nik().substring(0, 6));
		});
	}

	@Test
	void generatesWhatTheRegistryAccepts() {
		assertThat(this.demo).allSatisfy((resident) -> {
			assertThat(resident.nationality()).isEqualTo("WNI");
			assertThat(resident.fullName()).isNotBlank().hasSizeLessThanOrEqualTo(200);
			assertThat(resident.occupation()).isNotBlank();
			assertThat(resident.address().rt()).matches("\\d{3}");
			assertThat(resident.address().rw()).matches("\\d{3}");
			assertThat(resident.address().postalCode()).matches("682\\d\\d");
			assertThat(resident.address().regency()).isEqualTo("Kabupaten Bondowoso");
			assertThat(resident.address().province()).isEqualTo("Jawa Timur");
		});
	}

	@Test
	void givesEveryResidentTheirOwnNikAndEveryHouseholdItsOwnKk() {
		Residents residents = new Residents(150_000);
		Set<String> niks = new HashSet<>();
		Set<String> kks = new HashSet<>();
		for (int i = 0; i < 250_000; i++) {
			GeneratedResident resident = residents.get(i);
			assertThat(niks.add(resident.nik())).as("index %d: %s", i, resident.nik()).isTrue();
			if (i % 4 == 1) {
				kks.add(resident.kkNumber());
			}
			assertThat(resident.nik()).startsWith((i < 150_000) ? Residents.REGENCY : Residents.ELSEWHERE);
		}
		assertThat(kks).hasSize(62_500);
	}

	@Test
	void groupsResidentsIntoFamilies() {
		long families = this.demo.stream().map(GeneratedResident::kkNumber).distinct().count();
		assertThat(families).isBetween(this.demo.size() / 5L, this.demo.size() / 2L);
	}

	@Test
	void isDeterministicAndALongerListStartsWithTheShorterOne() {
		assertThat(Residents.bondowoso().first(5000)).isEqualTo(this.demo);
		assertThat(Residents.bondowoso().first(37)).isEqualTo(this.demo.subList(0, 37));
		assertThat(Residents.bondowoso().first(0)).isEmpty();
	}

	@Test
	void writesTheJsonTheApiTakes() {
		assertThat(Residents.siti().withStreet("Jl. \"Mawar\" 3").toJson())
			.startsWith("{\"nik\":\"3511014506900001\",\"kkNumber\":\"3511010101100001\",\"fullName\":\"Siti Aminah\"")
			.contains("\"birthDate\":\"1990-06-05\"", "\"street\":\"Jl. \\\"Mawar\\\" 3\"")
			.endsWith("\"postalCode\":\"68211\"}}");
	}

	@Test
	void buildsTheEventTheRegistryWouldPublish() {
		var event = Residents.event("3511014506900002", 3);
		assertThat(event.getNik()).isEqualTo("3511014506900002");
		assertThat(event.getVersion()).isEqualTo(3);
		assertThat(event.getResident().getOccupation()).isEqualTo("Occupation v3");
		assertThat(event.getChangeType().name()).isEqualTo("UPDATED");
	}

}
