package id.niksync.sync.audit;

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
		assertThat(Reasons.required(EMOJI.repeat(Reasons.MAX_LENGTH), "Replaying")).hasSize(2 * Reasons.MAX_LENGTH);
	}

	@Test
	void fiveHundredAndOneCharactersAreRefused() {
		assertThatExceptionOfType(Reasons.ReasonRequiredException.class)
			.isThrownBy(() -> Reasons.required(EMOJI.repeat(Reasons.MAX_LENGTH + 1), "Replaying"));
	}

	@Test
	void aReasonOfOnlyCombiningMarksIsRefused() {
		assertThatExceptionOfType(Reasons.ReasonRequiredException.class)
			.isThrownBy(() -> Reasons.required("\u0301\u0302\uFE0F", "Replaying"));
	}

}
