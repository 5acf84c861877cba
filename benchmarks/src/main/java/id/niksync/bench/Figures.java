package id.niksync.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/** Rounding and summaries shared by the phases. */
final class Figures {

	private Figures() {
	}

	/** A histogram of microseconds, 1 µs to 1 hour, 3 significant digits. */
	static Histogram microsHistogram() {
		return new Histogram(1, Duration.ofHours(1).toNanos() / 1000, 3);
	}

	/** p50, p95, p99, p99.9 and max in milliseconds, with the sample count. */
	static Map<String, Object> percentilesMs(Histogram micros) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("samples", micros.getTotalCount());
		summary.put("p50Ms", ms(micros.getValueAtPercentile(50)));
		summary.put("p95Ms", ms(micros.getValueAtPercentile(95)));
		summary.put("p99Ms", ms(micros.getValueAtPercentile(99)));
		summary.put("p999Ms", ms(micros.getValueAtPercentile(99.9)));
		summary.put("maxMs", ms(micros.getMaxValue()));
		return summary;
	}

	/**
	 * An open loop's figures: the rate offered, the lookups answered, their rate until
	 * the last answer (a client that fell behind sends its requests late) and their
	 * latencies.
	 */
	static Map<String, Object> openLoop(int offeredPerSecond, long answered, Duration elapsed, Histogram micros) {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("offeredPerSecond", offeredPerSecond);
		figures.put("lookups", answered);
		figures.put("lookupsPerSecond", perSecond(answered, elapsed));
		figures.putAll(percentilesMs(micros));
		return figures;
	}

	static double ms(long micros) {
		return Math.round(micros / 100.0) / 10.0;
	}

	static double perSecond(long count, Instant from, Instant to) {
		return perSecond(count, Duration.between(from, to));
	}

	static double perSecond(long count, Duration elapsed) {
		long nanos = Math.max(1, elapsed.toNanos());
		return Math.round(count * 1e9 / nanos);
	}

	/** As {@link #perSecond(long, Instant, Instant)}, null over less than 100 ms. */
	static Double perSecondOrNull(long count, Instant from, Instant to) {
		return (Duration.between(from, to).toMillis() < 100) ? null : perSecond(count, from, to);
	}

	static double seconds(Instant from, Instant to) {
		return seconds(Duration.between(from, to));
	}

	static double seconds(Duration elapsed) {
		return Math.round(elapsed.toMillis() / 100.0) / 10.0;
	}

	static double ratio(double value, double ceiling) {
		return (ceiling > 0) ? Math.round(value / ceiling * 100) / 100.0 : 0;
	}

}
