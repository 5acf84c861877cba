package id.niksync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole benchmark at a tiny size: every phase runs against the real processes
 * (standalone broker, PostgreSQL servers, both services' executable jars) and reports
 * what it measured. It asserts that the harness works and its figures are consistent,
 * never a speed.
 */
class BenchmarkSmokeIT {

	/**
	 * Enough for each process's CPU to show: it is read in clock ticks of 10 ms, and 500
	 * events once took the replica's PostgreSQL less than one (0.012 ms each on a fast
	 * machine).
	 */
	private static final int CATCH_UP_EVENTS = 10_000;

	@Test
	@SuppressWarnings("unchecked")
	void everyPhaseRunsAndReportsAtATinySize(@TempDir Path dir) throws Exception {
		Settings tiny = new Settings(1_000, 780, 2, 100, 200, 50, List.of(40, 80), Duration.ofSeconds(1),
				Duration.ofSeconds(1), 4, Duration.ofSeconds(1), 100, 40, Duration.ofSeconds(2), 20, 5, CATCH_UP_EVENTS,
				"256m", "512m", false, dir.resolve("work"), dir.resolve("results"), Settings.ALL_PHASES, 1);

		Benchmarks.Result run = Benchmarks.run(tiny, Path.of("..").toAbsolutePath().normalize(), "smoke test");

		Map<String, Object> results = run.results();
		Map<String, Object> throughput = (Map<String, Object>) results.get("throughput");
		assertThat(throughput).containsEntry("events", 1_000);
		assertThat((double) throughput.get("endToEndPerSecond")).isPositive();
		assertThat((double) throughput.get("relayPerSecond")).isPositive();
		assertThat(cpuTotal(throughput)).isPositive();
		assertThat((Map<String, Object>) throughput.get("cpuSecondsByThread")).containsOnlyKeys("registry-service",
				"partner-sync-service", "kafka");
		Map<String, Object> ceilings = (Map<String, Object>) results.get("ceilings");
		assertThat((Map<String, Object>) ceilings.get("kafka")).containsEntry("records", 1_000);
		assertThat((Map<String, Object>) ceilings.get("postgres")).containsEntry("rows", 1_000);
		assertThat((Map<String, Object>) ceilings.get("registryWrite")).containsEntry("residents", 1_000);
		assertThat((Map<String, Object>) ceilings.get("bareConsumer")).containsEntry("records", 1_000);
		assertThat((Map<String, Object>) ((Map<String, Object>) ceilings.get("bareConsumer")).get("cpuSecondsByThread"))
			.containsOnlyKeys("benchmark-harness");
		Map<String, Object> rawLookup = (Map<String, Object>) ceilings.get("rawLookup");
		assertThat((long) rawLookup.get("lookups")).isPositive().isEqualTo(rawLookup.get("auditRows"));
		// and open loop at the partner reads' rate: exactly rate × 1 s
		Map<String, Object> rawPaced = (Map<String, Object>) rawLookup.get("atOfferedRate");
		assertThat(rawPaced).containsEntry("offeredPerSecond", 100).containsEntry("lookups", 100L);
		assertThat((double) rawPaced.get("p50Ms")).isPositive().isLessThanOrEqualTo((double) rawPaced.get("p99Ms"));
		for (String ceiling : List.of("registryWrite", "kafka", "postgres", "bareConsumer", "rawLookup")) {
			assertThat(cpuTotal((Map<String, Object>) ceilings.get(ceiling))).as(ceiling).isPositive();
		}
		Map<String, Object> pipeline = (Map<String, Object>) ceilings.get("pipeline");
		assertThat(((Number) pipeline.get("perSecond")).doubleValue()).isPositive()
			.isLessThanOrEqualTo(((Number) pipeline.get("slowestAlonePerSecond")).doubleValue());

		List<Map<String, Object>> freshness = (List<Map<String, Object>>) results.get("freshness");
		assertThat(freshness).hasSize(2);
		for (Map<String, Object> rate : freshness) {
			assertThat((int) rate.get("changes")).isPositive();
			// every change was found on the replica and measured
			assertThat(((Number) rate.get("samples")).longValue()).isEqualTo((int) rate.get("changes"));
			assertThat(rate).containsEntry("failedRequests", 0L);
			// the schedule is exact: rate × 1 s measured, after rate × 1 s of warm-up
			// measured apart
			int perSecond = (int) rate.get("targetPerSecond");
			assertThat((int) rate.get("changes")).isEqualTo(perSecond);
			Map<String, Object> warmUp = (Map<String, Object>) rate.get("warmUp");
			assertThat(warmUp).containsEntry("seconds", 1L).containsEntry("failedRequests", 0L);
			assertThat(((Number) warmUp.get("samples")).longValue()).as("warm-up changes on the replica")
				.isEqualTo(perSecond);
			assertThat((Map<String, Object>) rate.get("cpuSecondsByThread")).containsOnlyKeys("registry-service",
					"partner-sync-service", "kafka");
		}

		Map<String, Object> reads = (Map<String, Object>) results.get("partnerReads");
		assertThat((long) reads.get("lookups")).isPositive();
		assertThat(cpuTotal(reads)).isPositive();
		assertThat(reads).containsEntry("errors", 0L);
		Map<String, Object> readsWarmUp = (Map<String, Object>) reads.get("warmUp");
		assertThat(((Number) readsWarmUp.get("seconds")).longValue()).isBetween(2L, 30L);
		assertThat((double) readsWarmUp.get("partnerSyncJitShareOfLastSlice")).isBetween(0.0, 1.0);
		assertThat((Map<String, Object>) reads.get("cpuSecondsByThread")).containsKey("partner-sync-service");
		// open loop, pooled and each client on its own schedule: exactly rate × 1 s
		// requests, each answered
		for (String dispatch : List.of("atOfferedRate", "atOfferedRateEachClientItsOwnSchedule")) {
			Map<String, Object> paced = (Map<String, Object>) reads.get(dispatch);
			assertThat(paced).as(dispatch)
				.containsEntry("offeredPerSecond", 100)
				.containsEntry("lookups", 100L)
				.containsEntry("errors", 0L);
			assertThat((double) paced.get("p50Ms")).as(dispatch)
				.isPositive()
				.isLessThanOrEqualTo((double) paced.get("p99Ms"));
		}
		assertThat((Map<String, Object>) reads.get("atOfferedRate")).containsEntry("dispatch", "POOL");
		assertThat(rawPaced).containsEntry("dispatch", "POOL");

		Map<String, Object> regency = (Map<String, Object>) results.get("regency");
		assertThat(regency).containsEntry("jobState", "COMPLETED").containsEntry("residents", 780);

		Map<String, Object> reonline = (Map<String, Object>) results.get("reonline");
		assertThat(reonline).containsEntry("niks", 20)
			.containsEntry("requests", 20L)
			.containsEntry("online", 20L)
			.containsEntry("failed", 0L)
			.containsEntry("timedOut", 0L)
			.containsEntry("postErrors", 0L)
			.containsEntry("backOnReplica", 20L)
			.containsEntry("allBackOnReplica", true);
		assertThat((int) reonline.get("institutions")).as("enough to stay under 10 requests per minute each")
			.isGreaterThanOrEqualTo(4);
		assertThat((double) reonline.get("requestsPerSecond")).isPositive();
		for (String latency : List.of("untilOnlineAsPolled", "untilOnlineAsStamped")) {
			Map<String, Object> figures = (Map<String, Object>) reonline.get(latency);
			assertThat(figures).containsEntry("samples", 20L);
			assertThat((double) figures.get("p50Ms")).isPositive()
				.isLessThanOrEqualTo((double) figures.get("p99Ms"))
				.isLessThanOrEqualTo((double) figures.get("maxMs"));
		}

		Map<String, Object> recovery = (Map<String, Object>) results.get("recovery");
		assertThat(recovery.get("secondsToZeroLag")).isNotNull();
		assertThat(recovery).containsEntry("deadLetters", 0L).containsEntry("allChangesOnReplica", true);
		assertThat((long) recovery.get("maxLagRecords")).as("the outage held the consumer back").isPositive();

		Map<String, Object> catchUp = (Map<String, Object>) results.get("catchUp");
		assertThat(catchUp).containsEntry("events", CATCH_UP_EVENTS).containsEntry("rebuildsStarted", 0L);
		assertThat((double) catchUp.get("consumerPerSecond")).isPositive();
		Map<String, Object> catchUpCpu = (Map<String, Object>) catchUp.get("cpuMsPerOperation");
		// partner-sync and its database both did the catch-up's work
		assertThat(((Number) catchUpCpu.get("postgres-replica")).doubleValue()).isPositive();
		assertThat(((Number) catchUpCpu.get("partner-sync-service")).doubleValue()).isPositive();

		List<Map<String, Object>> memory = (List<Map<String, Object>>) results.get("memory");
		assertThat(memory).extracting((jvm) -> jvm.get("jvm"))
			.containsExactly("registry-service", "partner-sync-service", "kafka");
		assertThat(memory).allSatisfy((jvm) -> {
			assertThat(jvm).containsKey("peakHeapMiB");
			assertThat((long) jvm.get("peakRssMiB")).isPositive();
		});

		// one machine probe before each phase run: throughput, ceilings, two freshness
		// rates, reads, regency, re-online requests, recovery, catch-up
		List<Map<String, Object>> probes = (List<Map<String, Object>>) results.get("machineProbes");
		assertThat(probes).hasSize(9).allSatisfy((probe) -> {
			assertThat(((Number) probe.get("javaCpuMs")).doubleValue()).isPositive();
			assertThat(((Number) probe.get("postgresMs")).doubleValue()).isPositive();
		});
		assertThat(probes.get(1)).containsEntry("before", "ceilings (each alone)");

		assertThat(run.markdownFile()).exists();
		assertThat(Files.readString(run.markdownFile())).contains("throughput: end to end", "freshness at 40",
				"re-online regency 3511", "partner lookups", "partner re-online requests: 20 NIKs", "recovery",
				"catch-up: consumer → replica alone", "catch-up: CPU per event", "ceiling: Kafka transactional",
				"ceiling: pipeline", "ceiling: bare consumer", "ceiling: raw lookup", "CPU per operation",
				"partner-sync-service", "the same without the JIT compiler threads",
				"Before the ceilings against before the load", "Before the catch-up against before the ceilings");
		assertThat(run.jsonFile()).exists();
		var targets = Http.JSON.readTree(run.jsonFile().toFile()).path("targets");
		assertThat(targets.size()).isGreaterThan(5);
		for (String target : List.of("lookups>=50%OfRawLookup", "lookupP99<=2xRawLookupP99", "lookups>=2000/s",
				"lookupP99<=20msAt2000/s", "endToEnd>=60%OfPipelineCeiling", "regencyReonline>=60%OfPipelineCeiling",
				"regencyReonline<=30s", "consumerCpuPerEvent<=1.2xBareConsumer",
				"consumerCpuPerEventCatchingUp<=1.2xBareConsumer", "freshnessP99<=250msAt500/s", "recovery<=30s",
				"recovery0DeadLetters", "serviceHeap<=512MiB")) {
			assertThat(targets.path(target).path("met").isBoolean()).as(target).isTrue();
			assertThat(targets.path(target).has("target")).as(target).isTrue();
		}
		assertThat(targets.path("endToEnd>=60%OfPipelineCeiling").path("measured").asDouble()).isPositive();
		assertThat(Http.JSON.readTree(run.jsonFile().toFile()).path("targets").has("reonlineP99<=2s")).isTrue();
		assertThat(Http.JSON.readTree(run.jsonFile().toFile()).path("machine").path("cores").asInt()).isPositive();
	}

	@SuppressWarnings("unchecked")
	private static double cpuTotal(Map<String, Object> figures) {
		return ((Number) ((Map<String, Object>) figures.get("cpuMsPerOperation")).get("total")).doubleValue();
	}

}
