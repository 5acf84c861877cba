package id.niksync.registry.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReasonsTests {

	/**
	 * 😀 is one character but two UTF-16 units: the limit counts characters, as
	 * VARCHAR(500).
	 */
	private static final String EMOJI = "\uD83D\uDE00";

	@Test
	void fiveHundredCharactersPassEvenWhenTheyTakeTwoUnitsEach() {
		assertThat(Reasons.required(EMOJI.repeat(Reasons.MAX_LENGTH))).hasSize(2 * Reasons.MAX_LENGTH);
	}

	@Test
	void fiveHundredAndOneCharactersAreRefused() {
		assertThatExceptionOfType(Reasons.ReasonRequiredException.class)
			.isThrownBy(() -> Reasons.required("x".repeat(Reasons.MAX_LENGTH + 1)));
		assertThatExceptionOfType(Reasons.ReasonRequiredException.class)
			.isThrownBy(() -> Reasons.required(EMOJI.repeat(Reasons.MAX_LENGTH + 1)));
	}

	@Test
	void aReasonOfOnlyBlankLookingCharactersIsRefused() {
		assertThatExceptionOfType(Reasons.ReasonRequiredException.class)
			.isThrownBy(() -> Reasons.required("\u3164\uFE0F\u2800"));
	}

}
