package id.niksync.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import id.niksync.localstack.JvmProcess;

/**
 * What one benchmark run does. Every value has a default (the sizes the targets
 * are stated for) and can be set with {@code -Dbench.<name>=<value>} (see README).
 *
 * @param residents residents loaded in the throughput phase
 * @param regencyResidents how many of them live in region 3511 (re-onlined as a regency)
 * @param loadClients concurrent clients posting registration batches
 * @param loadBatch residents per {@code POST /api/v1/residents/batch}
 * @param warmupResidents residents registered through the same path before the measured
 * load and not counted: the services' and the broker's JIT compiles their hot code then,
 * as a service that has run for a while has (the ceilings, measured later, also run on
 * warm JVMs); 0 measures from a cold start
 * @param warmupBatch residents per request of the warm-up: smaller than
 * {@code loadBatch}, so that code run once per request runs often enough in the warm-up
 * to be compiled before the load
 * @param freshnessRates steady change rates (changes/s) at which freshness is measured
 * @param freshnessDuration how long each freshness rate is held
 * @param freshnessWarmup how long each freshness rate is held, unmeasured, before it is
 * measured (0 for none)
 * @param readConcurrency concurrent partner clients
 * @param readDuration how long partner lookups run
 * @param readRate lookups per second offered, open loop, after the closed-loop part (for
 * issue 16's "2,000/s at p99 ≤ 20 ms"; 0 for none)
 * @param recoveryRate change rate held through the replica outage
 * @param outage how long the replica database is down
 * @param reonlineNiks residents removed from the replica and requested back by partners
 * @param reonlineRate partner re-online requests per second
 * @param catchUpEvents new residents registered while partner-sync is stopped and applied
 * by it alone once it is continued ({@link CatchUpPhase})
 * @param serviceHeap {@code -Xmx} of each service JVM
 * @param brokerHeap {@code -Xmx} of the broker JVM
 * @param profile record a JFR file per service JVM
 * @param workDir data and logs of the run (deleted at the start)
 * @param resultsDir where the results files are written
 * @param phases the phases to run after loading the residents (all by default; a subset
 * is for looking at one phase, e.g. with {@code profile})
 * @param repeat how many times each selected phase runs (the load too); the results hold
 * every run, each figure's median and its min–max
 */
record Settings(int residents, int regencyResidents, int loadClients, int loadBatch, int warmupResidents,
		int warmupBatch, List<Integer> freshnessRates, Duration freshnessDuration, Duration freshnessWarmup,
		int readConcurrency, Duration readDuration, int readRate, int recoveryRate, Duration outage, int reonlineNiks,
		int reonlineRate, int catchUpEvents, String serviceHeap, String brokerHeap, boolean profile, Path workDir,
		Path resultsDir, List<String> phases, int repeat) {

	static final List<String> ALL_PHASES = List.of("ceilings", "freshness", "reads", "regency", "reonline", "recovery",
			"catchup");

	static Settings fromSystemProperties() {
		return new Settings(intValue("residents", 1_000_000), intValue("regencyResidents", 780_000),
				intValue("loadClients", 2), intValue("loadBatch", 1_000), intValue("warmupResidents", 300_000),
				intValue("warmupBatch", 100),
				List.of(System.getProperty("bench.freshnessRates", "500,2000").split(","))
					.stream()
					.map(String::trim)
					.map(Integer::valueOf)
					.toList(),
				Duration.ofSeconds(intValue("freshnessSeconds", 60)),
				Duration.ofSeconds(intValue("freshnessWarmupSeconds", 30)), intValue("readConcurrency", 16),
				Duration.ofSeconds(intValue("readSeconds", 30)), intValue("readRate", 2_000),
				intValue("recoveryRate", 500), Duration.ofSeconds(intValue("outageSeconds", 60)),
				intValue("reonlineNiks", 200), intValue("reonlineRate", 5), intValue("catchUpEvents", 300_000),
				System.getProperty("bench.serviceHeap", "512m"), System.getProperty("bench.brokerHeap", "1g"),
				Boolean.getBoolean("bench.profile"),
				Path.of(System.getProperty("bench.workDir", "benchmarks/work")).toAbsolutePath(),
				Path.of(System.getProperty("bench.resultsDir", "benchmarks/results")).toAbsolutePath(),
				List.of(System.getProperty("bench.phases", String.join(",", ALL_PHASES)).split(",")),
				intValue("repeat", 1));
	}

	Settings {
		if (regencyResidents > residents) {
			throw new IllegalArgumentException(
					"regencyResidents (" + regencyResidents + ") cannot be more than residents (" + residents + ")");
		}
		freshnessRates = List.copyOf(freshnessRates);
		phases = phases.stream().map(String::trim).filter((phase) -> !phase.isEmpty()).toList();
		for (String phase : phases) {
			if (!ALL_PHASES.contains(phase)) {
				throw new IllegalArgumentException("Unknown phase '" + phase + "'; phases are " + ALL_PHASES);
			}
		}
		if (freshnessWarmup.isNegative()) {
			throw new IllegalArgumentException(
					"freshnessWarmupSeconds (" + freshnessWarmup.toSeconds() + ") cannot be negative");
		}
		if (warmupResidents < 0) {
			throw new IllegalArgumentException("warmupResidents (" + warmupResidents + ") cannot be negative");
		}
		if (warmupBatch < 1) {
			throw new IllegalArgumentException("warmupBatch (" + warmupBatch + ") must be at least 1");
		}
		if (phases.contains("catchup") && catchUpEvents < 1) {
			throw new IllegalArgumentException("catchUpEvents (" + catchUpEvents + ") must be at least 1");
		}
		if (readRate < 0) {
			throw new IllegalArgumentException("readRate (" + readRate + ") cannot be negative");
		}
		if (repeat < 1) {
			throw new IllegalArgumentException("repeat (" + repeat + ") must be at least 1");
		}
		if (phases.contains("reonline") && (reonlineNiks < 1 || reonlineNiks > residents || reonlineRate < 1)) {
			throw new IllegalArgumentException("reonlineNiks (" + reonlineNiks + ") must be 1 to residents ("
					+ residents + ") and reonlineRate (" + reonlineRate + ") at least 1");
		}
	}

	boolean runs(String phase) {
		return this.phases.contains(phase);
	}

	Map<String, Object> describe() {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("residents", this.residents);
		settings.put("regencyResidents", this.regencyResidents);
		settings.put("loadClients", this.loadClients);
		settings.put("loadBatch", this.loadBatch);
		settings.put("warmupResidents", this.warmupResidents);
		settings.put("warmupBatch", this.warmupBatch);
		settings.put("freshnessRates", this.freshnessRates);
		settings.put("freshnessSeconds", this.freshnessDuration.toSeconds());
		settings.put("freshnessWarmupSeconds", this.freshnessWarmup.toSeconds());
		settings.put("readConcurrency", this.readConcurrency);
		settings.put("readSeconds", this.readDuration.toSeconds());
		settings.put("readRate", this.readRate);
		settings.put("recoveryRate", this.recoveryRate);
		settings.put("outageSeconds", this.outage.toSeconds());
		settings.put("reonlineNiks", this.reonlineNiks);
		settings.put("reonlineRate", this.reonlineRate);
		settings.put("catchUpEvents", this.catchUpEvents);
		settings.put("serviceHeap", this.serviceHeap);
		settings.put("brokerHeap", this.brokerHeap);
		settings.put("profile", this.profile);
		settings.put("phases", this.phases);
		settings.put("repeat", this.repeat);
		settings.put("registryOverrides", Stack.serviceOverrides("registry"));
		settings.put("syncOverrides", Stack.serviceOverrides("sync"));
		settings.put("serviceJvmArgs", Stack.extraServiceJvmArgs());
		// every JVM of the stack, broker included: set by the smoke run (the root pom)
		settings.put("stackJvmOptions", System.getProperty(JvmProcess.EXTRA_OPTIONS, ""));
		return settings;
	}

	private static int intValue(String name, int defaultValue) {
		return Integer.parseInt(System.getProperty("bench." + name, Integer.toString(defaultValue)).replace("_", ""));
	}

}
