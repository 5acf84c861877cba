package id.niksync.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlowAnswersTests {

	@Test
	void countsTheAnswersOverTwentyMillisecondsAndTheLongestPerSecond() {
		PartnerReadsPhase.SlowAnswers slow = new PartnerReadsPhase.SlowAnswers(Duration.ofSeconds(3));
		slow.record(0, 2_500);
		slow.record(1, 20_000);
		slow.record(1, 20_001);
		slow.record(1, 61_250);
		slow.record(2, 30_000);

		Map<String, Object> figures = slow.figures();
		assertThat(figures).containsEntry("overTwentyMs", List.of(0L, 2L, 1L))
			.containsEntry("maxMs", List.of(2.5, 61.3, 30.0));
	}

	@Test
	void aPartSecondAtTheEndHasAnEntryOfItsOwn() {
		PartnerReadsPhase.SlowAnswers slow = new PartnerReadsPhase.SlowAnswers(Duration.ofMillis(2_500));
		slow.record(2, 21_000);
		assertThat(slow.figures()).containsEntry("overTwentyMs", List.of(0L, 0L, 1L));
	}

}
