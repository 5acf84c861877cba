package id.niksync.bench;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The residents a benchmark loads, computed from their index alone: no list is held in
 * memory, any resident can be rebuilt at any time (for an update, for the ceilings), and
 * every NIK and KK number is valid and unique. Households of four share a family card and
 * an address; the birth date always agrees with the NIK.
 *
 * <p>
 * Indexes {@code [0, regencyCount)} live in {@link #REGENCY} (Bondowoso, 23 districts),
 * the rest in {@link #ELSEWHERE} (Jember, 31 districts).
 */
final class BenchResidents {

	static final String REGENCY = "3511";

	static final String ELSEWHERE = "3509";

	private static final int HOUSEHOLD = 4;

	private static final LocalDate FIRST_BIRTH = LocalDate.of(1940, 1, 1);

	private static final int BIRTH_DAYS = 24_800;

	private static final LocalDate FIRST_KK_ISSUE = LocalDate.of(2005, 1, 1);

	private static final int ISSUE_DAYS = 6_900;

	private static final DateTimeFormatter MMYY = DateTimeFormatter.ofPattern("MMyy");

	private static final DateTimeFormatter DDMMYY = DateTimeFormatter.ofPattern("ddMMyy");

	private static final String[] MEN = { "Ahmad", "Muhammad", "Agus", "Budi", "Slamet", "Joko", "Hasan", "Imam", "Eko",
			"Bambang", "Yusuf", "Fajar", "Samsul", "Holil" };

	private static final String[] WOMEN = { "Siti", "Nur", "Sri", "Dewi", "Fitri", "Ani", "Rina", "Ayu", "Indah",
			"Aisyah", "Fatimah", "Rohmah", "Lilik", "Wulan" };

	private static final String[] FAMILY = { "Hidayat", "Santoso", "Wijaya", "Rahman", "Saputra", "Prasetyo", "Maulana",
			"Setiawan", "Kurniawan", "Fauzi", "Efendi", "Susilo", "Wahyudi", "Lestari", "Rahayu" };

	private static final String[] OCCUPATIONS = { "Petani/Pekebun", "Wiraswasta", "Karyawan Swasta", "Pedagang", "Guru",
			"Buruh Harian Lepas", "Pegawai Negeri Sipil", "Mengurus Rumah Tangga", "Pelajar/Mahasiswa" };

	private static final String[] RELIGIONS = { "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM", "ISLAM",
			"ISLAM", "PROTESTANT", "CATHOLIC", "HINDU", "BUDDHIST" };

	private static final String[] MARITAL = { "MARRIED", "MARRIED", "SINGLE", "MARRIED", "WIDOWED", "DIVORCED" };

	private final int regencyCount;

	BenchResidents(int regencyCount) {
		this.regencyCount = regencyCount;
	}

	Resident get(int index) {
		boolean inRegency = index < this.regencyCount;
		String regencyCode = inRegency ? REGENCY : ELSEWHERE;
		int districts = inRegency ? 23 : 31;
		int local = inRegency ? index : index - this.regencyCount;
		int household = local / HOUSEHOLD;
		int district = household % districts;
		String region = regencyCode + twoDigits(district + 1);
		int withinDistrict = (household / districts) * HOUSEHOLD + local % HOUSEHOLD;
		LocalDate born = FIRST_BIRTH.plusDays(withinDistrict % BIRTH_DAYS);
		int round = withinDistrict / BIRTH_DAYS;
		boolean female = round % 2 == 1;
		int serial = round / 2 + 1;
		String nik = region + twoDigits(born.getDayOfMonth() + (female ? 40 : 0)) + born.format(MMYY)
				+ fourDigits(serial);
		int kkIndex = household / districts;
		LocalDate issued = FIRST_KK_ISSUE.plusDays(kkIndex % ISSUE_DAYS);
		String kk = region + issued.format(DDMMYY) + fourDigits(kkIndex / ISSUE_DAYS + 1);
		String name = (female ? WOMEN : MEN)[index % 14] + " " + FAMILY[household % FAMILY.length];
		return new Resident(nik, kk, name, inRegency ? "Bondowoso" : "Jember", born, female ? "FEMALE" : "MALE",
				RELIGIONS[index % RELIGIONS.length], MARITAL[index % MARITAL.length],
				OCCUPATIONS[index % OCCUPATIONS.length], "Jl. Diponegoro " + (household % 200 + 1),
				threeDigits(household % 12 + 1), threeDigits(household % 6 + 1), "Desa " + (district + 1),
				"Kecamatan " + (district + 1), inRegency ? "Kabupaten Bondowoso" : "Kabupaten Jember", "Jawa Timur",
				inRegency ? "68211" : "68111");
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

	/** One resident, as the registry's API takes it and as the replica stores it. */
	record Resident(String nik, String kkNumber, String fullName, String birthPlace, LocalDate birthDate, String sex,
			String religion, String maritalStatus, String occupation, String street, String rt, String rw,
			String village, String district, String regency, String province, String postalCode) {

		/** The JSON of {@code POST /api/v1/residents}, with {@code street} as given. */
		String toJson(String streetValue) {
			StringBuilder json = new StringBuilder(512);
			json.append("{\"nik\":\"").append(this.nik).append("\",\"kkNumber\":\"").append(this.kkNumber);
			json.append("\",\"fullName\":\"")
				.append(this.fullName)
				.append("\",\"birthPlace\":\"")
				.append(this.birthPlace);
			json.append("\",\"birthDate\":\"").append(this.birthDate).append("\",\"sex\":\"").append(this.sex);
			json.append("\",\"religion\":\"").append(this.religion).append("\",\"maritalStatus\":\"");
			json.append(this.maritalStatus).append("\",\"occupation\":\"").append(this.occupation);
			json.append("\",\"nationality\":\"WNI\",\"address\":{\"street\":\"").append(streetValue);
			json.append("\",\"rt\":\"").append(this.rt).append("\",\"rw\":\"").append(this.rw);
			json.append("\",\"village\":\"").append(this.village).append("\",\"district\":\"").append(this.district);
			json.append("\",\"regency\":\"").append(this.regency).append("\",\"province\":\"").append(this.province);
			json.append("\",\"postalCode\":\"").append(this.postalCode).append("\"}}");
			return json.toString();
		}

		String toJson() {
			return toJson(this.street);
		}

	}

}
