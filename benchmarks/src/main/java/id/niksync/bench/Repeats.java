package id.niksync.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A phase run {@code bench.repeat} times, as one result: every number is the median of
 * the runs (in the place it has in one run, so the report reads it the same way),
 * {@code spread} holds each number's min and max by its dotted path, and {@code runs}
 * every run as it was measured. One run is returned as it is.
 */
final class Repeats {

	private Repeats() {
	}

	static Map<String, Object> combine(List<Map<String, Object>> runs) {
		if (runs.size() == 1) {
			return runs.get(0);
		}
		Map<String, Object> combined = medians(runs);
		Map<String, Object> spread = new LinkedHashMap<>();
		spread(runs, "", spread);
		combined.put("repeats", runs.size());
		combined.put("spread", spread);
		combined.put("runs", runs);
		return combined;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> medians(List<Map<String, Object>> runs) {
		Map<String, Object> combined = new LinkedHashMap<>();
		for (String key : runs.get(0).keySet()) {
			List<Object> values = runs.stream().map((run) -> run.get(key)).toList();
			Object first = values.get(0);
			if (first instanceof Map) {
				combined.put(key, medians(values.stream().map((v) -> (Map<String, Object>) v).toList()));
			}
			else if (values.stream().anyMatch(Number.class::isInstance)) {
				combined.put(key, median(values));
			}
			else {
				combined.put(key, first);
			}
		}
		return combined;
	}

	@SuppressWarnings("unchecked")
	private static void spread(List<Map<String, Object>> runs, String prefix, Map<String, Object> spread) {
		for (String key : runs.get(0).keySet()) {
			List<Object> values = runs.stream().map((run) -> run.get(key)).toList();
			if (values.get(0) instanceof Map) {
				spread(values.stream().map((v) -> (Map<String, Object>) v).toList(), prefix + key + ".", spread);
			}
			else {
				List<Double> numbers = numbers(values);
				if (!numbers.isEmpty()) {
					spread.put(prefix + key, List.of(numbers.get(0), numbers.get(numbers.size() - 1)));
				}
			}
		}
	}

	/** The median, as the type of the runs' values when it is a whole one of theirs. */
	static Object median(List<Object> values) {
		List<Double> numbers = numbers(values);
		if (numbers.isEmpty()) {
			return null;
		}
		int n = numbers.size();
		double median = (n % 2 == 1) ? numbers.get(n / 2) : (numbers.get(n / 2 - 1) + numbers.get(n / 2)) / 2;
		boolean whole = median == Math.rint(median);
		if (whole && values.stream().filter(Objects::nonNull).allMatch(Integer.class::isInstance)) {
			return (int) median;
		}
		if (whole && values.stream()
			.filter(Objects::nonNull)
			.allMatch((v) -> v instanceof Long || v instanceof Integer)) {
			return (long) median;
		}
		return Math.round(median * 10_000) / 10_000.0;
	}

	private static List<Double> numbers(List<Object> values) {
		List<Double> numbers = new ArrayList<>();
		for (Object value : values) {
			if (value instanceof Number number && !Double.isNaN(number.doubleValue())) {
				numbers.add(number.doubleValue());
			}
		}
		numbers.sort(null);
		return numbers;
	}

}
