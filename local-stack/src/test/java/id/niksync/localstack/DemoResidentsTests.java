package id.niksync.localstack;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import id.niksync.identity.KkNumber;
import id.niksync.identity.Nik;
import id.niksync.identity.Parsed;
import id.niksync.registry.resident.ResidentRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoResidentsTests {

	private final List<ResidentRequest> residents = DemoResidents.generate(5000);

	@Test
	void startsWithTheReadmeResident() {
		ResidentRequest siti = this.residents.get(0);
		assertThat(siti.nik()).isEqualTo("3511014506900001");
		assertThat(siti.kkNumber()).isEqualTo("3511010101100001");
		assertThat(siti.fullName()).isEqualTo("Siti Aminah");
		assertThat(siti.birthDate()).isEqualTo(LocalDate.of(1990, 6, 5));
		assertThat(siti.birthPlace()).isEqualTo("Bondowoso");
	}

	@Test
	void generatesValidNiksThatAgreeWithBirthDateAndSex() {
		assertThat(this.residents).hasSize(5000).allSatisfy((resident) -> {
			Parsed<Nik> parsed = Nik.parse(resident.nik());
			assertThat(parsed.violations()).as(resident.nik()).isEmpty();
			Nik nik = parsed.orElseThrow();
			assertThat(nik.regencyCode()).isEqualTo("3511");
			assertThat(Integer.parseInt(nik.districtCode().substring(4))).isBetween(1, 23);
			assertThat(nik.matchesBirthDate(resident.birthDate())).as(resident.nik()).isTrue();
			assertThat(nik.matchesSex(resident.sex())).as(resident.nik()).isTrue();
			assertThat(nik.birthDate()).isEqualTo(resident.birthDate());
			assertThat(resident.birthDate()).isBetween(LocalDate.of(1940, 1, 1), LocalDate.of(2008, 12, 31));
		});
	}

	@Test
	void generatesValidKkNumbersFromBondowoso() {
		assertThat(this.residents).allSatisfy((resident) -> {
			assertThat(KkNumber.parse(resident.kkNumber()).violations()).as(resident.kkNumber()).isEmpty();
			assertThat(resident.kkNumber()).startsWith("3511");
		});
	}

	@Test
	void generatesWhatTheRegistryAccepts() {
		assertThat(this.residents).allSatisfy((resident) -> {
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
	void givesEveryResidentTheirOwnNik() {
		Set<String> niks = new HashSet<>();
		this.residents.forEach((resident) -> niks.add(resident.nik()));
		assertThat(niks).hasSize(this.residents.size());
	}

	@Test
	void groupsResidentsIntoFamilies() {
		long families = this.residents.stream().map(ResidentRequest::kkNumber).distinct().count();
		assertThat(families).isBetween(this.residents.size() / 5L, this.residents.size() / 2L);
	}

	@Test
	void isDeterministic() {
		assertThat(DemoResidents.generate(5000)).isEqualTo(this.residents);
	}

	@Test
	void longerListStartsWithTheShorterOne() {
		assertThat(DemoResidents.generate(37)).isEqualTo(this.residents.subList(0, 37));
		assertThat(DemoResidents.generate(1)).containsExactly(this.residents.get(0));
		assertThat(DemoResidents.generate(0)).isEmpty();
	}

}
