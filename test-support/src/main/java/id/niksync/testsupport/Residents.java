package id.niksync.testsupport;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The one resident generator of the project: the local stack's demo data, the benchmark's
 * load and the tests' records all come from here. A resident is computed from its index
 * alone, so no list needs to be held, the same index always gives the same resident, and
 * a longer list starts with a shorter one (seeding resumes and extends). Every NIK and KK
 * number is valid and unique, and the birth date and sex always agree with the NIK.
 * Households of four share a family card (KK) and an address.
 *
 * <p>
 * Index 0 is Siti Aminah, the resident of the README's examples. Indexes
 * {@code [0, regencyCount)} live in Kabupaten Bondowoso ({@link #REGENCY}, 23 districts),
 * the rest in Kabupaten Jember ({@link #ELSEWHERE}, 31 districts). Generated serials
 * start at 0002: serial 0001 is left to hand-written residents such as Siti Aminah and
 * the tests' own NIKs.
 */
public final class Residents {

	/** The README's resident. */
	public static final String DEMO_NIK = "3511014506900001";

	public static final String DEMO_KK = "3511010101100001";

	public static final String REGENCY = "3511";

	public static final String ELSEWHERE = "3509";

	private static final GeneratedResident SITI = new GeneratedResident(DEMO_NIK, DEMO_KK, "Siti Aminah", "Bondowoso",
			LocalDate.of(1990, 6, 5), "FEMALE", "ISLAM", "MARRIED", "Guru", "WNI",
			new GeneratedResident.Address("Jl. KH. Wahid Hasyim 12", "001", "002", "Kademangan", "Bondowoso",
					"Kabupaten Bondowoso", "Jawa Timur", "68211"));

	private static final int HOUSEHOLD = 4;

	private static final int FIRST_SERIAL = 2;

	private static final LocalDate FIRST_BIRTH = LocalDate.of(1940, 1, 1);

	/** 1940-01-01 … 2007-11-25: everyone is old enough to hold an identity card. */
	private static final int BIRTH_DAYS = 24_800;

	private static final int BIRTH_STRIDE = 7_919;

	private static final LocalDate FIRST_KK_ISSUE = LocalDate.of(2005, 1, 1);

	private static final int ISSUE_DAYS = 6_900;

	private static final DateTimeFormatter MMYY = DateTimeFormatter.ofPattern("MMyy");

	private static final DateTimeFormatter DDMMYY = DateTimeFormatter.ofPattern("ddMMyy");

	/**
	 * Kecamatan of Bondowoso in code order 01–23, with a village and postal code each.
	 */
	private static final String[][] BONDOWOSO = { { "Maesan", "Gambangan", "68262" },
			{ "Grujugan", "Dadapan", "68261" }, { "Tamanan", "Kalianyar", "68263" }, { "Pujer", "Mengok", "68271" },
			{ "Tlogosari", "Pakisan", "68272" }, { "Sukosari", "Nogosari", "68287" },
			{ "Tapen", "Mangli Wetan", "68283" }, { "Wonosari", "Pelalangan", "68282" },
			{ "Tenggarang", "Koncer Kidul", "68281" }, { "Bondowoso", "Kademangan", "68211" },
			{ "Curahdami", "Locare", "68251" }, { "Pakem", "Sumber Dumpyong", "68253" },
			{ "Wringin", "Jatitamban", "68252" }, { "Tegalampel", "Klabang Agung", "68291" },
			{ "Klabang", "Wonokusumo", "68284" }, { "Prajekan", "Walidono", "68285" },
			{ "Cermee", "Ramban Kulon", "68286" }, { "Binakal", "Gadingsari", "68251" },
			{ "Sumberwringin", "Sukorejo", "68287" }, { "Sempol", "Kalisat", "68288" },
			{ "Jambesari Darus Sholah", "Pengarang", "68263" }, { "Taman Krocok", "Kretek", "68291" },
			{ "Botolinggo", "Lanas", "68284" } };

	private static final String[] MEN = { "Ahmad", "Muhammad", "Abdul", "Agus", "Budi", "Slamet", "Sugeng", "Joko",
			"Hasan", "Imam", "Hadi", "Eko", "Bambang", "Rudi", "Yusuf", "Fajar", "Dimas", "Rizky", "Arif", "Samsul",
			"Holil", "Sahri", "Busiri", "Marsuki", "Misnadin", "Sunarto", "Hartono" };

	private static final String[] WOMEN = { "Siti", "Nur", "Sri", "Dewi", "Fitri", "Ani", "Rina", "Ayu", "Indah",
			"Putri", "Aisyah", "Fatimah", "Khotijah", "Mistiyah", "Suhartini", "Juhairiyah", "Rohmah", "Lilik", "Yuli",
			"Wulan", "Nurul", "Lailatul" };

	private static final String[] FAMILY = { "Hidayat", "Santoso", "Wijaya", "Rahman", "Saputra", "Prasetyo", "Maulana",
			"Setiawan", "Kurniawan", "Fauzi", "Syaifullah", "Efendi", "Sholeh", "Hariyanto", "Susilo", "Wahyudi",
			"Firmansyah", "Hasanah", "Lestari", "Rahayu", "" };

	private static final String[] STREETS = { "Jl. Diponegoro", "Jl. Ahmad Yani", "Jl. KH. Wahid Hasyim",
			"Jl. Sudirman", "Jl. Imam Bonjol", "Jl. Pattimura", "Jl. Kartini", "Jl. Veteran", "Dusun Krajan",
			"Dusun Tengah", "Dusun Sumber" };

	private static final String[] BIRTH_PLACES = { "Bondowoso", "Bondowoso", "Bondowoso", "Bondowoso", "Jember",
			"Situbondo", "Banyuwangi", "Probolinggo", "Sumenep", "Surabaya" };

	private static final String[] OCCUPATIONS = { "Petani/Pekebun", "Petani/Pekebun", "Buruh Tani/Perkebunan",
			"Wiraswasta", "Karyawan Swasta", "Buruh Harian Lepas", "Pedagang", "Guru", "Pegawai Negeri Sipil", "Sopir",
			"Mengurus Rumah Tangga", "Pelajar/Mahasiswa", "Perangkat Desa" };

	/** Bondowoso is overwhelmingly Muslim. */
	private static final String[] RELIGIONS = { "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM",
			"ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM",
			"PROTESTANT", "CATHOLIC", "HINDU", "BUDDHIST", "CONFUCIAN", "BELIEF" };

	private static final String[] MARITAL = { "MARRIED", "MARRIED", "SINGLE", "MARRIED", "WIDOWED", "DIVORCED",
			"MARRIED" };

	private final int regencyCount;

	/** Everyone in Bondowoso: the local stack's demo data. */
	public static Residents bondowoso() {
		return new Residents(Integer.MAX_VALUE);
	}

	/** {@code regencyCount} residents in Bondowoso, everyone after them in Jember. */
	public Residents(int regencyCount) {
		this.regencyCount = regencyCount;
	}

	/** Siti Aminah, NIK {@value #DEMO_NIK}, KK {@value #DEMO_KK}. */
	public static GeneratedResident siti() {
		return SITI;
	}

	/** Siti Aminah's record under another NIK: the tests' valid resident. */
	public static GeneratedResident siti(String nik) {
		return SITI.withNik(nik);
	}

	/**
	 * Version {@code version} of {@link #siti(String)}, as the registry would publish it;
	 * the occupation records the version ({@code "Occupation v3"}).
	 */
	public static id.niksync.schemas.avro.NikChanged event(String nik, long version) {
		return siti(nik).withOccupation("Occupation v" + version).toEvent(version);
	}

	/** The first {@code count} residents, Siti Aminah first. */
	public List<GeneratedResident> first(int count) {
		return IntStream.range(0, count).mapToObj(this::get).toList();
	}

	public GeneratedResident get(int index) {
		if (index == 0) {
			return SITI;
		}
		boolean inRegency = index < this.regencyCount;
		String regencyCode = inRegency ? REGENCY : ELSEWHERE;
		int districts = inRegency ? BONDOWOSO.length : 31;
		int local = inRegency ? index : index - this.regencyCount;
		int household = local / HOUSEHOLD;
		int districtIndex = household % districts;
		String region = regencyCode + twoDigits(districtIndex + 1);
		// A slot of its own per resident of a district; (sex, birth date, serial) follows
		// from it one to one, so NIKs never repeat. The stride is coprime with
		// BIRTH_DAYS:
		// neighbours get birth dates years apart, and every date is used once per serial.
		int slot = (household / districts) * HOUSEHOLD + local % HOUSEHOLD;
		boolean female = slot % 2 == 1;
		int k = slot / 2;
		LocalDate born = FIRST_BIRTH.plusDays((k * (long) BIRTH_STRIDE) % BIRTH_DAYS);
		int serial = k / BIRTH_DAYS + FIRST_SERIAL;
		String nik = region + twoDigits(born.getDayOfMonth() + (female ? 40 : 0)) + born.format(MMYY)
				+ fourDigits(serial);
		int kkIndex = household / districts;
		LocalDate issued = FIRST_KK_ISSUE.plusDays(kkIndex % ISSUE_DAYS);
		String kk = region + issued.format(DDMMYY) + fourDigits(kkIndex / ISSUE_DAYS + FIRST_SERIAL);
		String first = (female ? WOMEN : MEN)[index % (female ? WOMEN.length : MEN.length)];
		String family = FAMILY[household % FAMILY.length];
		String name = family.isEmpty() ? first : first + " " + family;
		String[] district = inRegency ? BONDOWOSO[districtIndex]
				: new String[] { "Kecamatan " + (districtIndex + 1), "Desa " + (districtIndex + 1), "68111" };
		String street = STREETS[household % STREETS.length] + " " + (household % 200 + 1);
		return new GeneratedResident(nik, kk, name, inRegency ? BIRTH_PLACES[index % BIRTH_PLACES.length] : "Jember",
				born, female ? "FEMALE" : "MALE", RELIGIONS[index % RELIGIONS.length],
				(born.getYear() >= 2002) ? "SINGLE" : MARITAL[index % MARITAL.length],
				(born.getYear() >= 2003) ? "Pelajar/Mahasiswa" : OCCUPATIONS[index % OCCUPATIONS.length], "WNI",
				new GeneratedResident.Address(street, threeDigits(household % 12 + 1), threeDigits(household % 6 + 1),
						district[1], district[0], inRegency ? "Kabupaten Bondowoso" : "Kabupaten Jember", "Jawa Timur",
						district[2]));
	}

	private static String twoDigits(int value) {
		return (value < 10) ? "0" + value : Integer.toString(value);
	}

	private static String threeDigits(int value) {
		return String.format("%03d", value);
	}

	private static String fourDigits(int value) {
		return String.format("%04d", value);
	}

}
