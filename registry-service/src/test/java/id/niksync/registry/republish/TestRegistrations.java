package id.niksync.registry.republish;

import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.registry.TestAccounts;
import id.niksync.registry.resident.ResidentRegistry;
import id.niksync.registry.resident.ResidentRequest;
import id.niksync.testsupport.Residents;

/**
 * Registers residents through the service layer, so versions and outbox rows are real.
 */
final class TestRegistrations {

	private static final int BATCH = 1000;

	private TestRegistrations() {
	}

	/**
	 * A NIK in {@code district} (6 digits) for a woman born 5 June 1990, as
	 * TestResidents' record.
	 */
	static String nik(String district, int serial) {
		return district + "450690" + String.format("%04d", serial);
	}

	static List<String> niks(String district, int count) {
		return IntStream.rangeClosed(1, count).mapToObj((serial) -> nik(district, serial)).toList();
	}

	/**
	 * In batches ({@link ResidentRegistry#registerAll}, 1,000 at most): one by one, 800
	 * residents took 16 s.
	 */
	static void register(ResidentRegistry registry, ObjectMapper json, List<String> niks) {
		for (int from = 0; from < niks.size(); from += BATCH) {
			registry.registerAll(niks.subList(from, Math.min(niks.size(), from + BATCH))
				.stream()
				.map((nik) -> json.convertValue(Residents.siti(nik).toMap(), ResidentRequest.class))
				.toList(), TestAccounts.caller());
		}
	}

}
