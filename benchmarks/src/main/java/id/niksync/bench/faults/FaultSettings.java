package id.niksync.bench.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of the fault suite does; each value can be set with
 * {@code -Dfaults.<name>=<value>} (benchmarks/README.md, "Fault suite").
 *
 * @param scenarios the scenarios, run in this order
 * @param residents new residents the registry must acknowledge per scenario (the load
 * goes on until it has, and at least {@code faultAfter} past the fault)
 * @param rate new residents per second
 * @param updateRate updates of residents registered earlier, per second
 * @param faultAfter how long the load runs before the fault
 * @param outage how long the broker or a database stays down
 * @param convergeTimeout how long the replica may take to hold every acknowledged change
 * after the fault and after the load, before the scenario fails
 * @param sampleInterval how often the replica's versions are sampled for regressions
 * @param serviceHeap {@code -Xmx} of each service JVM
 * @param brokerHeap {@code -Xmx} of the broker JVM
 * @param workDir the stack's data and logs (deleted at the start)
 * @param resultsDir where the results files are written
 */
record FaultSettings(List<Scenario> scenarios, int residents, int rate, int updateRate, Duration faultAfter,
		Duration outage, Duration convergeTimeout, Duration sampleInterval, String serviceHeap, String brokerHeap,
		Path workDir, Path resultsDir) {

	static FaultSettings fromSystemProperties() {
		return new FaultSettings(Scenario.parse(System.getProperty("faults.scenarios", "all")),
				intValue("residents", 3_000), intValue("rate", 100), intValue("updateRate", 20),
				Duration.ofSeconds(intValue("faultAfterSeconds", 8)), Duration.ofSeconds(intValue("outageSeconds", 10)),
				Duration.ofSeconds(intValue("convergeSeconds", 120)),
				Duration.ofMillis(intValue("sampleMillis", 1_000)), System.getProperty("faults.serviceHeap", "512m"),
				System.getProperty("faults.brokerHeap", "1g"),
				Path.of(System.getProperty("faults.workDir", "benchmarks/work/faults")).toAbsolutePath(),
				Path.of(System.getProperty("faults.resultsDir", "benchmarks/work/fault-results")).toAbsolutePath());
	}

	FaultSettings {
		scenarios = List.copyOf(scenarios);
		if (rate <= 0 || residents <= 0) {
			throw new IllegalArgumentException("faults.rate and faults.residents must be positive");
		}
	}

	Map<String, Object> describe() {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("scenarios", this.scenarios.stream().map(Scenario::key).toList());
		settings.put("residentsPerScenario", this.residents);
		settings.put("ratePerSecond", this.rate);
		settings.put("updatesPerSecond", this.updateRate);
		settings.put("faultAfterSeconds", this.faultAfter.toSeconds());
		settings.put("outageSeconds", this.outage.toSeconds());
		settings.put("convergeTimeoutSeconds", this.convergeTimeout.toSeconds());
		settings.put("sampleMillis", this.sampleInterval.toMillis());
		settings.put("serviceHeap", this.serviceHeap);
		settings.put("brokerHeap", this.brokerHeap);
		settings.put("registryOverrides", id.niksync.bench.Stack.serviceOverrides("registry"));
		settings.put("syncOverrides", id.niksync.bench.Stack.serviceOverrides("sync"));
		return settings;
	}

	private static int intValue(String name, int defaultValue) {
		return Integer.parseInt(System.getProperty("faults." + name, Integer.toString(defaultValue)).replace("_", ""));
	}

}
