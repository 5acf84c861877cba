package id.niksync.sync.reonline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalRuleTests {

	private static final Instant T = Instant.parse("2026-01-10T08:00:00Z");

	private final RefusalRule rule = new RefusalRule(3, Duration.ofHours(24), Duration.ofHours(24));

	@Test
	void refusesForThePeriodFromTheThirdRejectionWithinTheWindow() {
		List<Instant> rejections = List.of(T, T.plusSeconds(60), T.plusSeconds(120));

		assertThat(this.rule.refusedUntil(rejections, T.plusSeconds(121)))
			.contains(T.plusSeconds(120).plus(Duration.ofHours(24)));
		assertThat(this.rule.refusedUntil(rejections, T.plusSeconds(120).plus(Duration.ofHours(24)))).isEmpty();
	}

	@Test
	void twoRejectionsOrThreeSpreadOverMoreThanTheWindowAreNotRefused() {
		assertThat(this.rule.refusedUntil(List.of(T, T.plusSeconds(60)), T.plusSeconds(61))).isEmpty();
		List<Instant> spread = List.of(T, T.plus(Duration.ofHours(13)), T.plus(Duration.ofHours(25)));
		assertThat(this.rule.refusedUntil(spread, T.plus(Duration.ofHours(25)).plusSeconds(1))).isEmpty();
	}

	@Test
	void aLaterRunOfRejectionsExtendsTheRefusal() {
		List<Instant> rejections = List.of(T, T.plusSeconds(1), T.plusSeconds(2), T.plus(Duration.ofHours(30)),
				T.plus(Duration.ofHours(31)), T.plus(Duration.ofHours(32)));

		assertThat(this.rule.refusedUntil(rejections, T.plus(Duration.ofHours(33))))
			.contains(T.plus(Duration.ofHours(56)));
	}

}
