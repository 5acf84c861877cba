package id.niksync.access;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class UuidsTests {

	private static final UUID ID = UUID.fromString("0b1e5c7a-1d2f-4e3a-9b8c-7d6e5f4a3b2c");

	@Test
	void readsAUuidAsToStringWritesItInEitherCase() {
		assertThat(Uuids.parse(ID.toString())).contains(ID);
		assertThat(Uuids.parse(ID.toString().toUpperCase(java.util.Locale.ROOT))).contains(ID);
	}

	/**
	 * The same id in other spellings, each of which UUID.fromString reads as it (a group
	 * without its leading zero, with a sign), and a UUID of shorter groups.
	 */
	@Test
	void refusesEveryOtherSpelling() {
		for (String same : new String[] { "b1e5c7a-1d2f-4e3a-9b8c-7d6e5f4a3b2c",
				"+b1e5c7a-1d2f-4e3a-9b8c-7d6e5f4a3b2c" }) {
			assertThat(UUID.fromString(same)).isEqualTo(ID);
			assertThat(Uuids.parse(same)).as(same).isEmpty();
			assertThat(Uuids.canonical(same)).isFalse();
		}
		assertThat(UUID.fromString("0-0-0-0-1")).isEqualTo(new UUID(0, 1));
		assertThat(Uuids.parse("0-0-0-0-1")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " 0b1e5c7a-1d2f-4e3a-9b8c-7d6e5f4a3b2c", "0b1e5c7a-1d2f-4e3a-9b8c-7d6e5f4a3b2g",
			"0b1e5c7a1d2f4e3a9b8c7d6e5f4a3b2c" })
	void refusesWhatIsNoUuid(String text) {
		assertThat(Uuids.parse(text)).isEmpty();
		assertThat(Uuids.parse(null)).isEmpty();
	}

}
