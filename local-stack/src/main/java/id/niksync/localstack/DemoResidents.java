package id.niksync.localstack;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import id.niksync.identity.Sex;
import id.niksync.registry.resident.Address;
import id.niksync.registry.resident.MaritalStatus;
import id.niksync.registry.resident.Religion;
import id.niksync.registry.resident.ResidentRequest;

/**
 * Demo residents of Kabupaten Bondowoso (region 3511), as a registry operator would
 * submit them: households sharing a family card (KK) and an address, valid NIKs and KK
 * numbers, birth dates that agree with the NIK. The same count always yields the same
 * residents ({@code new Random(3511)}), and a longer list starts with a shorter one, so
 * seeding can be resumed or extended.
 */
final class DemoResidents {

	/** The well-known resident of the README's examples; always the first one. */
	static final String DEMO_NIK = "3511014506900001";

	static final String DEMO_KK = "3511010101100001";

	private static final String REGENCY_CODE = "3511";

	private static final String REGENCY = "Kabupaten Bondowoso";

	private static final String PROVINCE = "Jawa Timur";

	private static final LocalDate OLDEST = LocalDate.of(1940, 1, 1);

	private static final LocalDate YOUNGEST = LocalDate.of(2008, 12, 31);

	private static final LocalDate FIRST_KK_ISSUE = LocalDate.of(2005, 1, 1);

	private static final LocalDate LAST_KK_ISSUE = LocalDate.of(2023, 12, 31);

	private static final DateTimeFormatter DDMMYY = DateTimeFormatter.ofPattern("ddMMyy");

	private static final DateTimeFormatter MMYY = DateTimeFormatter.ofPattern("MMyy");

	/**
	 * Kecamatan in code order 01-23, a few of their villages, and a 682xx postal code.
	 */
	private static final List<District> DISTRICTS = List.of(new District("Maesan", "68262", "Maesan", "Gambangan"),
			new District("Grujugan", "68261", "Grujugan Kidul", "Dadapan"),
			new District("Tamanan", "68263", "Tamanan", "Kalianyar"),
			new District("Pujer", "68271", "Pujer Baru", "Mengok"),
			new District("Tlogosari", "68272", "Tlogosari", "Pakisan"),
			new District("Sukosari", "68287", "Sukosari Lor", "Nogosari"),
			new District("Tapen", "68283", "Tapen", "Mangli Wetan"),
			new District("Wonosari", "68282", "Wonosari", "Pelalangan"),
			new District("Tenggarang", "68281", "Tenggarang", "Koncer Kidul"),
			new District("Bondowoso", "68211", "Kademangan", "Dabasah", "Kotakulon", "Badean", "Nangkaan"),
			new District("Curahdami", "68251", "Curahdami", "Locare"),
			new District("Pakem", "68253", "Pakem", "Sumber Dumpyong"),
			new District("Wringin", "68252", "Wringin", "Jatitamban"),
			new District("Tegalampel", "68291", "Tegalampel", "Klabang Agung"),
			new District("Klabang", "68284", "Klabang", "Wonokusumo"),
			new District("Prajekan", "68285", "Prajekan Kidul", "Walidono"),
			new District("Cermee", "68286", "Cermee", "Ramban Kulon"),
			new District("Binakal", "68251", "Binakal", "Gadingsari"),
			new District("Sumberwringin", "68287", "Sumberwringin", "Sukorejo"),
			new District("Sempol", "68288", "Sempol", "Kalisat"),
			new District("Jambesari Darus Sholah", "68263", "Jambesari", "Pengarang"),
			new District("Taman Krocok", "68291", "Kretek", "Taman"),
			new District("Botolinggo", "68284", "Botolinggo", "Lanas"));

	private static final String[] MEN = { "Ahmad", "Muhammad", "Moh.", "Abdul", "Agus", "Budi", "Slamet", "Sugeng",
			"Joko", "Hasan", "Imam", "Hadi", "Eko", "Bambang", "Rudi", "Yusuf", "Fajar", "Dimas", "Rizky", "Arif",
			"Samsul", "Holil", "Sahri", "Busiri", "Marsuki", "Misnadin", "Sunarto", "Hartono" };

	private static final String[] MEN_SECOND = { "Hidayat", "Santoso", "Wijaya", "Rahman", "Saputra", "Prasetyo",
			"Maulana", "Setiawan", "Kurniawan", "Fauzi", "Syaifullah", "Efendi", "Sholeh", "Hariyanto", "Susilo",
			"Wahyudi", "Firmansyah", "Hidayatullah" };

	private static final String[] WOMEN = { "Siti", "Nur", "Sri", "Dewi", "Fitri", "Ani", "Rina", "Ayu", "Indah",
			"Putri", "Aisyah", "Fatimah", "Khotijah", "Mistiyah", "Suhartini", "Juhairiyah", "Rohmah", "Lilik", "Yuli",
			"Wulan", "Nurul", "Lailatul" };

	private static final String[] WOMEN_SECOND = { "Aminah", "Hasanah", "Susanti", "Wahyuni", "Lestari", "Rahayu",
			"Nurhayati", "Kurniasih", "Handayani", "Maghfiroh", "Fitriani", "Khoiriyah", "Anggraini", "Safitri",
			"Zuhro", "Maryam" };

	private static final String[] STREETS = { "Jl. Diponegoro", "Jl. Ahmad Yani", "Jl. KH. Wahid Hasyim",
			"Jl. Sudirman", "Jl. Imam Bonjol", "Jl. Pattimura", "Jl. Kartini", "Jl. Veteran", "Jl. Raya",
			"Dusun Krajan", "Dusun Tengah", "Dusun Sumber" };

	private static final String[] BIRTH_PLACES = { "Jember", "Situbondo", "Banyuwangi", "Probolinggo", "Sumenep",
			"Pamekasan", "Surabaya", "Lumajang" };

	private static final String[] WORKING_AGE = { "Petani/Pekebun", "Petani/Pekebun", "Buruh Tani/Perkebunan",
			"Wiraswasta", "Karyawan Swasta", "Buruh Harian Lepas", "Pedagang", "Guru", "Pegawai Negeri Sipil", "Sopir",
			"Perangkat Desa" };

	private final Random random = new Random(3511);

	/** Last serial used per NIK or KK prefix (the first twelve digits). */
	private final Map<String, Integer> serials = new HashMap<>();

	private final List<ResidentRequest> residents = new ArrayList<>();

	private DemoResidents() {
	}

	/**
	 * The first {@code count} demo residents, the {@link #DEMO_NIK demo resident} first.
	 */
	static List<ResidentRequest> generate(int count) {
		DemoResidents demo = new DemoResidents();
		if (count > 0) {
			demo.add(sitiAminah());
			demo.serials.put(DEMO_NIK.substring(0, 12), 1);
			demo.serials.put(DEMO_KK.substring(0, 12), 1);
		}
		while (demo.residents.size() < count) {
			demo.addHousehold(count - demo.residents.size());
		}
		return List.copyOf(demo.residents);
	}

	private static ResidentRequest sitiAminah() {
		Address address = new Address("Jl. KH. Wahid Hasyim 12", "001", "002", "Kademangan", "Bondowoso", REGENCY,
				PROVINCE, "68211");
		return new ResidentRequest(DEMO_NIK, DEMO_KK, "Siti Aminah", "Bondowoso", LocalDate.of(1990, 6, 5), Sex.FEMALE,
				Religion.ISLAM, MaritalStatus.MARRIED, "Guru", "WNI", address);
	}

	private void add(ResidentRequest resident) {
		this.residents.add(resident);
	}

	private void addHousehold(int room) {
		int districtIndex = this.random.nextInt(DISTRICTS.size());
		District district = DISTRICTS.get(districtIndex);
		String region = REGENCY_CODE + twoDigits(districtIndex + 1);
		LocalDate issued = between(FIRST_KK_ISSUE, LAST_KK_ISSUE);
		String kk = withSerial(region + issued.format(DDMMYY));
		String village = pick(district.villages());
		String street = pick(STREETS) + ((this.random.nextInt(3) == 0) ? "" : " " + (1 + this.random.nextInt(120)));
		Address address = new Address(street, threeDigits(1 + this.random.nextInt(12)),
				threeDigits(1 + this.random.nextInt(6)), village, district.name(), REGENCY, PROVINCE,
				district.postalCode());
		int size = Math.min(1 + this.random.nextInt(5), room);
		for (int member = 0; member < size; member++) {
			add(person(region, kk, address));
		}
	}

	private ResidentRequest person(String region, String kk, Address address) {
		Sex sex = this.random.nextBoolean() ? Sex.MALE : Sex.FEMALE;
		LocalDate born = between(OLDEST, YOUNGEST);
		int dayField = born.getDayOfMonth() + ((sex == Sex.FEMALE) ? 40 : 0);
		String nik = withSerial(region + twoDigits(dayField) + born.format(MMYY));
		String birthPlace = (this.random.nextInt(5) > 0) ? "Bondowoso" : pick(BIRTH_PLACES);
		return new ResidentRequest(nik, kk, name(sex), birthPlace, born, sex, religion(), maritalStatus(born),
				occupation(sex, born), "WNI", address);
	}

	private String name(Sex sex) {
		String first = pick((sex == Sex.MALE) ? MEN : WOMEN);
		if (this.random.nextInt(5) == 0) {
			// Many people in East Java have a single name.
			return first.replace(".", "");
		}
		return first + " " + pick((sex == Sex.MALE) ? MEN_SECOND : WOMEN_SECOND);
	}

	/** Bondowoso is overwhelmingly Muslim. */
	private Religion religion() {
		int draw = this.random.nextInt(400);
		if (draw < 384) {
			return Religion.ISLAM;
		}
		return Religion.values()[1 + (draw - 384) % (Religion.values().length - 1)];
	}

	private MaritalStatus maritalStatus(LocalDate born) {
		int draw = this.random.nextInt(20);
		if (born.getYear() >= 2002) {
			return (draw == 0) ? MaritalStatus.MARRIED : MaritalStatus.SINGLE;
		}
		if (born.getYear() < 1955) {
			return (draw < 8) ? MaritalStatus.WIDOWED : MaritalStatus.MARRIED;
		}
		return (draw < 15) ? MaritalStatus.MARRIED : (draw < 18) ? MaritalStatus.SINGLE : MaritalStatus.DIVORCED;
	}

	private String occupation(Sex sex, LocalDate born) {
		if (born.getYear() >= 2003) {
			return "Pelajar/Mahasiswa";
		}
		if (sex == Sex.FEMALE && this.random.nextInt(3) == 0) {
			return "Mengurus Rumah Tangga";
		}
		if (born.getYear() < 1960 && this.random.nextBoolean()) {
			return (this.random.nextInt(3) == 0) ? "Pensiunan" : "Belum/Tidak Bekerja";
		}
		return pick(WORKING_AGE);
	}

	/** The prefix plus its next serial, from 0001. */
	private String withSerial(String prefix) {
		int serial = this.serials.merge(prefix, 1, Integer::sum);
		if (serial > 9999) {
			throw new IllegalStateException("No serial left for " + prefix);
		}
		return prefix + String.format("%04d", serial);
	}

	private LocalDate between(LocalDate first, LocalDate last) {
		return first.plusDays(this.random.nextInt((int) (last.toEpochDay() - first.toEpochDay()) + 1));
	}

	private String pick(String[] values) {
		return values[this.random.nextInt(values.length)];
	}

	private String pick(List<String> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private static String twoDigits(int value) {
		return String.format("%02d", value);
	}

	private static String threeDigits(int value) {
		return String.format("%03d", value);
	}

	private record District(String name, String postalCode, List<String> villages) {

		District(String name, String postalCode, String... villages) {
			this(name, postalCode, List.of(villages));
		}

	}

}
