package id.niksync.schemas.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReonlineRequestTests {

	@Test
	void namesAnInstitutionByNameAndId() {
		assertThat(ReonlineRequest.institution("Bank Jatim", 7)).isEqualTo("Bank Jatim (institution 7)");
	}

	/** An institution's name may be 200 characters; its id is appended whole. */
	@Test
	void cutsALongNameSoThatTheWholeIsWithinWhatTheRegistryTakes() {
		String name = "B".repeat(200);
		for (long id : new long[] { 1, 123456, Long.MAX_VALUE }) {
			String named = ReonlineRequest.institution(name, id);

			assertThat(named).hasSize(ReonlineRequest.MAX_ON_BEHALF_LENGTH)
				.startsWith("BBBB")
				.endsWith("B… (institution " + id + ")");
		}
		String fits = "B".repeat(ReonlineRequest.MAX_ON_BEHALF_LENGTH - " (institution 1)".length());
		assertThat(ReonlineRequest.institution(fits, 1)).isEqualTo(fits + " (institution 1)");
	}

	@Test
	void neverCutsInsideACharacter() {
		// 😀 is two UTF-16 units; placed so that a cut at the limit falls between them
		int keep = ReonlineRequest.MAX_ON_BEHALF_LENGTH - " (institution 1)".length() - 1;
		String name = "B".repeat(keep - 1) + "😀" + "B".repeat(50);

		String named = ReonlineRequest.institution(name, 1);

		assertThat(named).isEqualTo("B".repeat(keep - 1) + "… (institution 1)");
		assertThat(named.chars().noneMatch((c) -> Character.isSurrogate((char) c))).isTrue();
	}

}
