package id.niksync.sync.reonline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a NIK that collected rejections is refused: from the rejection that made
 * {@code maxRejections} within {@code window}, for {@code period}. Guessing a family-card
 * number needs many tries; a citizen who mistyped it needs one or two.
 */
record RefusalRule(int maxRejections, Duration window, Duration period) {

	static RefusalRule of(ReonlineProperties settings) {
		return new RefusalRule(settings.maxRejections(), settings.rejectionWindow(), settings.refusalPeriod());
	}

	/** How far back rejections can matter. */
	Duration lookBack() {
		return this.window.plus(this.period);
	}

	/**
	 * @param rejections the NIK's rejections, oldest first
	 * @return until when the NIK is refused, if it is at {@code now}
	 */
	Optional<Instant> refusedUntil(List<Instant> rejections, Instant now) {
		Instant until = null;
		for (int last = this.maxRejections - 1; last < rejections.size(); last++) {
			Instant first = rejections.get(last - this.maxRejections + 1);
			if (!rejections.get(last).isAfter(first.plus(this.window))) {
				Instant end = rejections.get(last).plus(this.period);
				until = (until == null || end.isAfter(until)) ? end : until;
			}
		}
		return (until != null && until.isAfter(now)) ? Optional.of(until) : Optional.empty();
	}

}
