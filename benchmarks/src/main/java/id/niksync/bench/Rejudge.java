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
 * current one, or without what a target added since is judged on ({@link #judgeable}).
 * Run with
 * {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)" id.niksync.bench.Rejudge <results.json>...}.
 */
public final class Rejudge {

	private Rejudge() {
	}

	/**
	 * Whether a file judged with {@code old} targets can be judged with today's: every
	 * old target is still one (an older format, targets as booleans under other names,
	 * would get today's targets judged on ceilings it never measured), and a target added
	 * since is judged only on what the run measured (a run before the catch-up phase
	 * would get its consumer target as "not measured": it is left as it is).
	 */
	static boolean judgeable(Map<?, ?> old, Map<String, Object> targets) {
		if (!targets.keySet().containsAll(old.keySet()) || !old.values().stream().allMatch(Map.class::isInstance)) {
			return false;
		}
		return targets.entrySet()
			.stream()
			.filter((target) -> !old.containsKey(target.getKey()))
			.allMatch((added) -> added.getValue() instanceof Map<?, ?> entry && !entry.containsKey("notMeasured"));
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
			if (runSeconds == null || !(judged instanceof Map<?, ?> old) || !judgeable(old, targets)) {
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
