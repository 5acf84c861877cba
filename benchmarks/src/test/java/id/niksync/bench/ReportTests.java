package id.niksync.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table of a run of some phases only ({@code bench.phases}): a figure whose ceiling
 * did not run is "not measured", never NaN or null, and a target judged on it is neither
 * met nor missed.
 */
class ReportTests {

	@Test
	void aRunWithoutTheCeilingsSaysWhatWasNotMeasuredAndStillJudgesWhatWas() {
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("date", "2026-12-02T03:42:05Z");
		results.put("command", "benchmarks/run.sh -Dbench.phases=reads");
		Map<String, Object> throughput = new LinkedHashMap<>(Map.of("events", 20_000, "registryAcceptedPerSecond",
				1_589.0, "relayPerSecond", 1_972.0, "consumerPerSecond", 2_683.0, "recordsPerRelayTransaction", 1_538.5,
				"recordsPerConsumerBatch", 512.8, "endToEndPerSecond", 1_529.0, "endToEndSeconds", 13.1));
		throughput.put("cpuMsPerOperation",
				Map.of("operation", "event", "operations", 20_000, "registry-service", 0.42, "partner-sync-service",
						0.41, "kafka", 0.17, "postgres-registry", 0.06, "postgres-replica", 0.05, "benchmark-harness",
						0.27, "total", 1.11));
		throughput.put("cpuSecondsByThread", Map.of("partner-sync-service", Map.of("jit", 4.87)));
		results.put("throughput", throughput);
		results.put("partnerReads", Map.of("concurrency", 16, "seconds", 10, "errors", 0, "lookupsPerSecond", 2_500.0,
				"p50Ms", 4.7, "p99Ms", 18.3, "rateLimitLeasesPer1000Lookups", 1.0));
		Report report = new Report(results);

		String table = report.markdown();

		assertThat(table).doesNotContain("NaN").doesNotContain("null");
		assertThat(row(table, "throughput: end to end")).contains("pipeline not measured")
			// judged on what was measured: 1,529/s is under 20,000/s
			.endsWith("| **no** |");
		assertThat(row(table, "throughput: CPU per event")).contains("bare consumer not measured")
			.endsWith("| not measured |");
		// the catch-up did not run: no row, its target not measured
		assertThat(table).doesNotContain("catch-up");
		assertThat(target(report, "consumerCpuPerEventCatchingUp<=1.2xBareConsumer")).containsEntry("notMeasured",
				true);
		assertThat(row(table, "the same without the JIT")).contains("4.87 s and not measured");
		// 2,500/s meets the absolute rate; the two ratios are unknown
		assertThat(row(table, "partner lookups")).contains("raw lookup not measured").endsWith("| not measured |");
		Map<String, Object> lookups = target(report, "lookups>=50%OfRawLookup");
		assertThat(lookups.get("measured")).isNull();
		assertThat(lookups.get("met")).isEqualTo(false);
		assertThat(target(report, "lookups>=2000/s").get("met")).isEqualTo(true);
	}

	@Test
	void aMissedTargetIsMissedWhateverElseWasNotMeasured() {
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("partnerReads", Map.of("concurrency", 16, "seconds", 10, "errors", 0, "lookupsPerSecond", 967.0,
				"p50Ms", 14.7, "p99Ms", 48.3, "rateLimitLeasesPer1000Lookups", 1.0));

		assertThat(row(new Report(results).markdown(), "partner lookups")).endsWith("| **no** |");
	}

	@Test
	void twoThousandLookupsAtP99Of20MsIsJudgedOnTheOpenLoopOnlyWhenItKeptUp() {
		// the closed loop's p99 (its own queue at the most the machine answers) is
		// reported, not judged against 20 ms
		assertThat(atOfferedRate(2_000, 2_000.0, 0, 14.2)).containsEntry("measured", 14.2).containsEntry("met", true);
		assertThat(atOfferedRate(2_000, 2_000.0, 0, 20.4)).containsEntry("met", false);
		// fell behind the schedule, or answered with errors: missed whatever its p99
		assertThat(atOfferedRate(2_000, 1_950.0, 0, 14.2)).containsEntry("met", false);
		assertThat(atOfferedRate(2_000, 2_000.0, 3, 14.2)).containsEntry("met", false);
		// offered less than 2,000/s (bench.readRate): not the target's rate
		assertThat(atOfferedRate(1_000, 1_000.0, 0, 5.0)).containsEntry("met", false);
		// results from before the open loop: no figure, a miss
		Map<String, Object> results = Map.of("partnerReads", Map.of("lookupsPerSecond", 2_500.0, "p99Ms", 18.3));
		assertThat(target(new Report(results), "lookupP99<=20msAt2000/s")).containsEntry("met", false)
			.containsEntry("measured", null);
	}

	@Test
	void theOpenLoopIsSetBesideTheRawLookupOfferedTheSameScheduleWhenThatWasMeasured() {
		Map<String, Object> reads = Map.of("seconds", 30, "errors", 0, "lookupsPerSecond", 2_400.0, "p50Ms", 5.1,
				"p99Ms", 24.5, "rateLimitLeasesPer1000Lookups", 1.0, "atOfferedRate", Map.of("offeredPerSecond", 2_000,
						"lookupsPerSecond", 1_999.0, "errors", 0, "p50Ms", 4.7, "p99Ms", 66.0));
		String markdown = new Report(Map.of("partnerReads", reads, "ceilings", rawLookup(2_000.0, 33.0))).markdown();
		assertThat(row(markdown, "partner lookups offered 2,000/s"))
			.contains("| raw lookup offered 2,000/s: 2,000 lookups/s, p99 33.0 ms | p99 × 2.0 |");
		assertThat(row(markdown, "ceiling: raw lookup"))
			.contains("offered 2,000/s open loop: 2,000 lookups/s, p50 3.1 ms, p99 33.0 ms");
		// with the rate it answered at: one that fell behind shows it there
		markdown = new Report(Map.of("partnerReads", reads, "ceilings", rawLookup(1_983.0, 1_529.9))).markdown();
		assertThat(row(markdown, "partner lookups offered 2,000/s"))
			.contains("| raw lookup offered 2,000/s: 1,983 lookups/s, p99 1529.9 ms | p99 × 0.043 |");
		// results whose raw lookup had no open loop (before 2026-12-03 09:17): empty
		// cells, no NaN
		markdown = new Report(Map.of("partnerReads", reads, "ceilings",
				Map.of("rawLookup", Map.of("clients", 16, "lookupsPerSecond", 2_700.0, "p50Ms", 5.0, "p99Ms", 20.8))))
			.markdown();
		assertThat(row(markdown, "partner lookups offered 2,000/s")).contains("p99 66.0 ms |  |  |")
			.doesNotContain("NaN");
		assertThat(row(markdown, "ceiling: raw lookup")).doesNotContain("offered").doesNotContain("NaN");
	}

	@Test
	void theOpenLoopWithEachClientOnItsOwnScheduleIsShownBesideThePooledOneButNotJudged() {
		Map<String, Object> reads = Map.of("concurrency", 16, "seconds", 30, "errors", 0, "lookupsPerSecond", 2_400.0,
				"p50Ms", 5.1, "p99Ms", 24.5, "atOfferedRate",
				Map.of("offeredPerSecond", 2_000, "lookupsPerSecond", 2_000.0, "errors", 0, "p50Ms", 2.0, "p99Ms", 14.2,
						"dispatch", "POOL"),
				"atOfferedRateEachClientItsOwnSchedule", Map.of("offeredPerSecond", 2_000, "lookupsPerSecond", 1_999.0,
						"errors", 0, "p50Ms", 7.7, "p99Ms", 506.4, "dispatch", "EACH_CLIENT"));
		Report report = new Report(Map.of("partnerReads", reads));
		assertThat(row(report.markdown(), "the same, each client its own schedule"))
			.contains("client c of 16 sends requests c, c + 16")
			.contains("1,999 lookups/s, p50 7.7 ms, p99 506.4 ms")
			.contains("shown, not judged");
		assertThat(target(report, "lookupP99<=20msAt2000/s")).containsEntry("measured", 14.2)
			.containsEntry("met", true);
		// results without it: no row
		assertThat(new Report(Map.of("partnerReads", Map.of("lookupsPerSecond", 2_500.0, "p99Ms", 18.3))).markdown())
			.doesNotContain("each client its own schedule");
	}

	private static Map<String, Object> rawLookup(double answered, double p99) {
		return Map.of("rawLookup",
				Map.of("clients", 16, "lookupsPerSecond", 2_700.0, "p50Ms", 5.0, "p99Ms", 20.8, "atOfferedRate",
						Map.of("offeredPerSecond", 2_000, "lookupsPerSecond", answered, "p50Ms", 3.1, "p99Ms", p99)));
	}

	private static Map<String, Object> atOfferedRate(int offered, double answered, long errors, double p99) {
		Map<String, Object> reads = Map.of("concurrency", 16, "seconds", 30, "errors", 0, "lookupsPerSecond", 2_400.0,
				"p50Ms", 5.1, "p99Ms", 24.5, "atOfferedRate", Map.of("offeredPerSecond", offered, "lookupsPerSecond",
						answered, "errors", errors, "p50Ms", 2.0, "p99Ms", p99));
		Report report = new Report(Map.of("partnerReads", reads));
		assertThat(row(report.markdown(),
				"partner lookups offered " + String.format(java.util.Locale.ROOT, "%,d", offered) + "/s"))
			.contains("p99 " + p99 + " ms");
		return target(report, "lookupP99<=20msAt2000/s");
	}

	@Test
	void aPhaseThatRanWithoutItsFigureIsAMissNotAnUnmeasuredTarget() {
		Map<String, Object> recovery = new LinkedHashMap<>(
				Map.of("ratePerSecond", 500, "outageSeconds", 60, "maxLagRecords", 30_000, "deadLetters", 0));
		// gave up before the lag was back to zero
		recovery.put("secondsToZeroLag", null);
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("recovery", recovery);
		Report report = new Report(results);

		String row = row(report.markdown(), "recovery");

		assertThat(row).contains("lag not back to zero when the phase gave up").endsWith("| **no** |");
		assertThat(target(report, "recovery<=30s")).containsEntry("met", false).doesNotContainKey("notMeasured");
		// the phases that did not run
		assertThat(target(report, "endToEnd>=20000/s")).containsEntry("notMeasured", true);
	}

	@Test
	void aCeilingSaysWhatItsTableHeldWhenTheResultsKnow() {
		assertThat(bareConsumerRow(300_000L)).contains("commit; into a table already holding 300,000 residents)");
		assertThat(bareConsumerRow(0L)).contains("commit; into a table empty at the start)");
		// results from before the ceilings wrote into filled tables
		assertThat(bareConsumerRow(null)).contains("decode, replica upsert, commit)");
	}

	private static String bareConsumerRow(Long rowsBefore) {
		Map<String, Object> bareConsumer = new LinkedHashMap<>(
				Map.of("records", 1_000_000, "consumers", 3, "cpuMsPerOperation",
						Map.of("operation", "event", CpuMeter.HARNESS, 0.0141, "postgres-replica", 0.0213)));
		if (rowsBefore != null) {
			bareConsumer.put("rowsBefore", rowsBefore);
		}
		return row(new Report(Map.of("ceilings", Map.of("bareConsumer", bareConsumer))).markdown(),
				"ceiling: bare consumer");
	}

	@Test
	void aRatioIsJudgedBeforeItIsRounded() {
		// the 06:50 run: 0.0815 against 0.0678 ms is 1.202 ×, which was rounded to 1.20
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("throughput", consumerFigures(1_000_000, 0.0302, 0.0513));
		results.put("ceilings", Map.of("bareConsumer", Map.of("records", 1_000_000, "cpuMsPerOperation",
				Map.of("operation", "event", CpuMeter.HARNESS, 0.0234, "postgres-replica", 0.0444))));
		Report report = new Report(results);

		assertThat(target(report, "consumerCpuPerEvent<=1.2xBareConsumer")).containsEntry("measured", 1.202)
			.containsEntry("met", false);
		assertThat(row(report.markdown(), "throughput: CPU per event")).contains("| 120.2 % |").endsWith("| **no** |");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theConsumerIsJudgedInTheLoadAndCatchingUpAloneAsTheBareConsumerRuns() {
		Map<String, Object> results = new LinkedHashMap<>();
		// the 10:04 run's load: 1.51 × the bare consumer
		results.put("throughput", consumerFigures(1_000_000, 0.0242, 0.0291));
		results.put("catchUp", consumerFigures(300_000, 0.0200, 0.0210));
		results.put("ceilings", Map.of("bareConsumer", Map.of("records", 1_000_000, "cpuMsPerOperation",
				Map.of("operation", "event", CpuMeter.HARNESS, 0.0141, "postgres-replica", 0.0213))));
		Report report = new Report(results);

		assertThat(target(report, "consumerCpuPerEvent<=1.2xBareConsumer")).containsEntry("measured", 1.506)
			.containsEntry("met", false);
		assertThat(target(report, "consumerCpuPerEventCatchingUp<=1.2xBareConsumer")).containsEntry("measured", 1.158)
			.containsEntry("met", true);
		String table = report.markdown();
		assertThat(row(table, "throughput: CPU per event")).contains("| 150.6 % |").endsWith("| **no** |");
		assertThat(row(table, "catch-up: CPU per event")).contains("| 115.8 % |")
			.doesNotContain("rebuild")
			.endsWith("| yes |");

		// a rebuild beside the catch-up is in its figures: not the consumer's work
		((Map<String, Object>) results.get("catchUp")).put("rebuildsStarted", 1L);
		Report withRebuild = new Report(results);
		assertThat(target(withRebuild, "consumerCpuPerEventCatchingUp<=1.2xBareConsumer")).containsEntry("met", false);
		assertThat(row(withRebuild.markdown(), "catch-up: CPU per event")).contains("1 rebuild(s) of the replica")
			.endsWith("| **no** |");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aFileIsJudgedAgainOnlyWhereTodaysRulesKeepItsVerdicts() {
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("throughput", consumerFigures(1_000_000, 0.0242, 0.0291));
		results.put("ceilings", Map.of("bareConsumer", Map.of("records", 1_000_000, "cpuMsPerOperation",
				Map.of("operation", "event", CpuMeter.HARNESS, 0.0141, "postgres-replica", 0.0213))));
		Map<String, Object> today = new Report(results).targets();
		// judged before the catch-up's target existed: it is added, "not measured"
		Map<String, Object> before = new LinkedHashMap<>(today);
		before.remove("consumerCpuPerEventCatchingUp<=1.2xBareConsumer");
		assertThat(Rejudge.judgeable(before, today, results)).isTrue();

		// a verdict the run had that today's rules would lose
		Map<String, Object> withoutLoad = new LinkedHashMap<>(results);
		withoutLoad.remove("throughput");
		assertThat(Rejudge.judgeable(before, new Report(withoutLoad).targets(), withoutLoad)).isFalse();

		// targets as booleans: an older format
		Map<String, Object> booleans = new LinkedHashMap<>();
		today.keySet().forEach((key) -> booleans.put(key, false));
		assertThat(Rejudge.judgeable(booleans, today, results)).isFalse();

		// the first catch-up (the replica's database stopped): its figures have other
		// names
		results.put("catchUp", Map.of("events", 300_000, "secondsFromDatabaseBackToLastApplied", 24.3));
		assertThat(Rejudge.judgeable(before, new Report(results).targets(), results)).isFalse();
		results.put("catchUp", consumerFigures(300_000, 0.0200, 0.0210));
		((Map<String, Object>) results.get("catchUp")).put("stoppedSeconds", 32.4);
		assertThat(Rejudge.judgeable(before, new Report(results).targets(), results)).isTrue();
	}

	private static Map<String, Object> consumerFigures(int events, double partnerSyncMs, double replicaMs) {
		Map<String, Object> figures = new LinkedHashMap<>(Map.of("events", events));
		figures.put("cpuMsPerOperation",
				Map.of("operation", "event", "partner-sync-service", partnerSyncMs, "postgres-replica", replicaMs));
		return figures;
	}

	@Test
	void theMachinesSpeedBeforeTheCeilingsIsSetAgainstItsSpeedBeforeTheLoad() {
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("machineProbes", java.util.List.of(
				Map.of("before", "throughput: 1000000 residents", "atSeconds", 115.0, "javaCpuMs", 40.0, "postgresMs",
						80.0),
				Map.of("before", "ceilings (each alone)", "atSeconds", 237.0, "javaCpuMs", 36.0, "postgresMs", 60.0)));
		String markdown = new Report(results).markdown();

		assertThat(row(markdown, "ceilings (each alone)"))
			.isEqualTo("| ceilings (each alone) | 237.0 s | 36.0 ms | 60.0 ms |");
		assertThat(markdown).contains("Before the ceilings against before the load: Java 0.90 ×, PostgreSQL 0.75 ×");
		// a run without the probes (before 2026-12-02) has no such lines
		assertThat(new Report(new LinkedHashMap<>()).markdown()).doesNotContain("Machine probe");
	}

	private static String row(String table, String measure) {
		return table.lines()
			.filter((line) -> line.contains("| " + measure))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no row '" + measure + "' in\n" + table));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> target(Report report, String key) {
		return (Map<String, Object>) report.targets().get(key);
	}

}
