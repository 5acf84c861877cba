package id.niksync.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Judges a results file again with the current {@link Report}: its {@code targets} and
 * its table are rewritten from the figures it holds, which stay as they were measured.
 * For a rule of the report that changed after a run (e.g. a ratio judged before it was
 * rounded, 2026-12-02); refuses a file of another format (its targets' names) than the
 * current one ({@link #judgeable}). Run with
 * {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)" id.niksync.bench.Rejudge <results.json>...}.
 */
public final class Rejudge {

	private Rejudge() {
	}

	/**
	 * Whether a file judged with {@code old} targets can be judged with today's rules:
	 * every old target is still one (an older format, targets as booleans under other
	 * names, would get today's targets judged on ceilings it never measured); none that
	 * was measured then is "not measured" now (a target whose figure moved to a section
	 * the run lacks would lose its verdict); and no catch-up of the first version (the
	 * replica's database stopped, 12:38 on 2026-12-02), whose figures have other names. A
	 * target added since is judged on what the run has, "not measured" if it lacks it.
	 */
	static boolean judgeable(Map<?, ?> old, Map<String, Object> targets, Map<String, Object> results) {
		if (!targets.keySet().containsAll(old.keySet()) || !old.values().stream().allMatch(Map.class::isInstance)) {
			return false;
		}
		for (Map.Entry<?, ?> then : old.entrySet()) {
			boolean measuredThen = !((Map<?, ?>) then.getValue()).containsKey("notMeasured");
			boolean measuredNow = !((Map<?, ?>) targets.get(then.getKey())).containsKey("notMeasured");
			if (measuredThen && !measuredNow) {
				return false;
			}
		}
		return !(results.get("catchUp") instanceof Map<?, ?> catchUp) || catchUp.containsKey("stoppedSeconds");
	}

	public static void main(String[] args) throws Exception {
		for (String file : args) {
			if (!file.endsWith(".json")) {
				throw new IllegalArgumentException(file + ": a results file is <name>.json (beside <name>.md)");
			}
			Path json = Path.of(file);
			Map<String, Object> results = Http.JSON.readValue(json.toFile(), new TypeReference<>() {
			});
			Object runSeconds = results.remove("runSeconds");
			Object judged = results.remove("targets");
			Report report = new Report(results);
			Map<String, Object> targets = report.targets();
			if (runSeconds == null || !(judged instanceof Map<?, ?> old) || !judgeable(old, targets, results)) {
				throw new IllegalArgumentException(file + ": not of the current results format; left as it is");
			}
			Map<String, Object> rejudged = new LinkedHashMap<>(results);
			rejudged.put("targets", targets);
			rejudged.put("runSeconds", runSeconds);
			Path markdown = Path.of(file.replaceFirst("\\.json$", ".md"));
			Benchmarks.write(rejudged, report, json, markdown);
			System.out.println("Judged again: " + json + " and " + markdown);
		}
	}

}
