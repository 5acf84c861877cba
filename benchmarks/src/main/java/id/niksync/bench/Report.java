package id.niksync.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The targets the issue sets, checked against a run's figures, and the run as a markdown
 * table with each pipeline figure beside its ceiling.
 */
final class Report {

	private static final String NOT_MEASURED = "not measured";

	/** The partner lookups' open loop with each client on its own schedule. */
	private static final String EACH_CLIENT = "atOfferedRateEachClientItsOwnSchedule";

	/** The phases (result sections) each target is judged on. */
	private static final Map<String, List<String>> NEEDS = Map.ofEntries(
			Map.entry("lookups>=50%OfRawLookup", List.of("partnerReads", "ceilings")),
			Map.entry("lookupP99<=2xRawLookupP99", List.of("partnerReads", "ceilings")),
			Map.entry("lookups>=2000/s", List.of("partnerReads")),
			Map.entry("lookupP99<=20msAt2000/s", List.of("partnerReads")),
			Map.entry("endToEnd>=60%OfPipelineCeiling", List.of("throughput", "ceilings")),
			Map.entry("endToEnd>=20000/s", List.of("throughput")),
			Map.entry("regencyReonline>=60%OfPipelineCeiling", List.of("regency", "ceilings")),
			Map.entry("regencyReonline<=30s", List.of("regency")),
			Map.entry("consumerCpuPerEvent<=1.2xBareConsumer", List.of("throughput", "ceilings")),
			Map.entry("consumerCpuPerEventCatchingUp<=1.2xBareConsumer", List.of("catchUp", "ceilings")),
			Map.entry("freshnessP99<=250msAt500/s", List.of("freshness")),
			Map.entry("recovery<=30s", List.of("recovery")), Map.entry("recovery0DeadLetters", List.of("recovery")),
			Map.entry("serviceHeap<=512MiB", List.of("memory")));

	private final Map<String, Object> results;

	Report(Map<String, Object> results) {
		this.results = results;
	}

	/**
	 * Each target (issue 16's, and those of earlier issues it keeps): what it asks, the
	 * figure it is judged on, whether it was met (false when not measured), and
	 * {@code notMeasured} when a phase it is judged on did not run
	 * ({@code bench.phases}). A phase that ran and gave no figure (a recovery that never
	 * caught up) is a miss.
	 */
	Map<String, Object> targets() {
		Map<String, Object> targets = new LinkedHashMap<>();
		double pipeline = pipelineCeiling();
		double e2e = num("throughput", "endToEndPerSecond");
		double lookups = num("partnerReads", "lookupsPerSecond");
		double p99 = num("partnerReads", "p99Ms");
		double rawLookups = num("ceilings", "rawLookup", "lookupsPerSecond");
		double rawP99 = num("ceilings", "rawLookup", "p99Ms");
		// issue 16, 3: partner lookups
		target(targets, "lookups>=50%OfRawLookup", "partner lookups ≥ 50 % of the raw-lookup ceiling's rate",
				ratioOf(lookups, rawLookups), (r) -> r >= 0.5);
		target(targets, "lookupP99<=2xRawLookupP99", "partner lookups' p99 ≤ 2 × the raw-lookup ceiling's p99",
				ratioOf(p99, rawP99), (r) -> r <= 2);
		target(targets, "lookups>=2000/s", "partner lookups ≥ 2,000/s (16 clients)", lookups, (v) -> v >= 2_000);
		// "at least 2,000/s at p99 ≤ 20 ms": partners offering 2,000/s (open loop, each
		// latency from when its request was due) answered at that rate, p99 20 ms at
		// most. The closed loop's p99 above is at the most the machine answers, where 16
		// clients' latency is their own queue (16 / rate on average).
		double offered = offered("offeredPerSecond");
		boolean keptUp = offered >= 2_000 && offered("errors") == 0 && offered("lookupsPerSecond") >= 0.99 * offered;
		target(targets, "lookupP99<=20msAt2000/s",
				"partner lookups offered 2,000/s (16 clients, open loop) all answered at that rate, p99 ≤ 20 ms",
				offered("p99Ms"), (v) -> keptUp && v <= 20);
		// issue 16, 4: end to end
		target(targets, "endToEnd>=60%OfPipelineCeiling", "end to end ≥ 60 % of the pipeline ceiling",
				ratioOf(e2e, pipeline), (r) -> r >= 0.6);
		target(targets, "endToEnd>=20000/s", "end to end ≥ 20,000 events/s", e2e, (v) -> v >= 20_000);
		// issue 16, 5: re-online a regency
		target(targets, "regencyReonline>=60%OfPipelineCeiling",
				"re-online of a regency ≥ 60 % of the pipeline ceiling's rate",
				ratioOf(num("regency", "residentsPerSecond"), pipeline), (r) -> r >= 0.6);
		target(targets, "regencyReonline<=30s", "re-online of a regency ≤ 30 s",
				num("regency", "secondsUntilReplicaHasAll"), (v) -> v <= 30);
		// issue 16, 6: the consumer, in the load (sharing both cores with the whole
		// pipeline) and catching up alone on a backlog, as the bare consumer runs
		// (CatchUpPhase)
		target(targets, "consumerCpuPerEvent<=1.2xBareConsumer",
				"partner-sync's CPU per applied event (with the replica's PostgreSQL) in the load ≤ 1.2 × the bare"
						+ " consumer's",
				ratioOf(consumerCpuMs("throughput"), bareConsumerCpuMs()), (r) -> r <= 1.2);
		target(targets, "consumerCpuPerEventCatchingUp<=1.2xBareConsumer",
				"partner-sync's CPU per applied event (with the replica's PostgreSQL) catching up alone on a backlog,"
						+ " as the bare consumer runs, ≤ 1.2 × the bare consumer's",
				ratioOf(consumerCpuMs("catchUp"), bareConsumerCpuMs()), (r) -> r <= 1.2)
			// a rebuild beside it is in every figure: not the consumer's work measured
			.computeIfPresent("met",
					(key, met) -> Boolean.TRUE.equals(met) && !(num("catchUp", "rebuildsStarted") > 0));
		// issue 16, 7: no regression
		Map<String, Object> at500 = freshnessAt(500);
		Map<String, Object> freshness = target(targets, "freshnessP99<=250msAt500/s",
				"freshness p99 ≤ 250 ms at 500 changes/s", (at500 != null) ? number(at500.get("p99Ms")) : Double.NaN,
				(v) -> v <= 250);
		if (at500 == null) {
			// freshness ran, but not at 500/s
			freshness.put("notMeasured", true);
		}
		Object recovered = section("recovery").get("secondsToZeroLag");
		target(targets, "recovery<=30s", "recovery ≤ 30 s after the replica's database returns",
				(recovered != null) ? number(recovered) : Double.NaN, (v) -> v <= 30);
		target(targets, "recovery0DeadLetters", "0 dead letters from the outage", num("recovery", "deadLetters"),
				(v) -> v == 0);
		double heap = 0;
		for (Map<String, Object> jvm : memory()) {
			if (String.valueOf(jvm.get("jvm")).endsWith("-service")) {
				// -Xmx and -XX:+ExitOnOutOfMemoryError: a service that needed more would
				// have died and failed its phase; the peak sum is only an upper bound
				heap = Math.max(heap, (jvm.get("maxHeapMiB") != null) ? number(jvm.get("maxHeapMiB")) : Double.NaN);
			}
		}
		target(targets, "serviceHeap<=512MiB", "each service within a 512 MiB heap (its -Xmx)",
				memory().isEmpty() ? Double.NaN : heap, (v) -> v <= 512);
		if (this.results.containsKey("reonline")) {
			// issue 15: a NIK missing from the replica is ONLINE within 2 s of the
			// request
			Map<String, Object> entry = target(targets, "reonlineP99<=2s",
					"partner re-online request → ONLINE p99 ≤ 2 s, every one ONLINE",
					num("reonline", "untilOnlineAsPolled", "p99Ms"), (v) -> v <= 2_000);
			entry.put("met",
					Boolean.TRUE.equals(entry.get("met")) && num("reonline", "online") == num("reonline", "niks"));
		}
		return targets;
	}

	private Map<String, Object> target(Map<String, Object> targets, String key, String target, double measured,
			java.util.function.DoublePredicate met) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("target", target);
		entry.put("measured", Double.isNaN(measured) ? null : Math.round(measured * 1000) / 1000.0);
		// judged on the figure as computed, not as rounded: a consumer at 1.202 × is not
		// within 1.2 ×
		entry.put("met", !Double.isNaN(measured) && met.test(measured));
		if (!NEEDS.getOrDefault(key, List.of()).stream().allMatch(this.results::containsKey)) {
			entry.put("notMeasured", true);
		}
		targets.put(key, entry);
		return entry;
	}

	private static double ratioOf(double value, double ceiling) {
		return (Double.isNaN(value) || Double.isNaN(ceiling) || ceiling <= 0) ? Double.NaN : value / ceiling;
	}

	/**
	 * partner-sync's and the replica PostgreSQL's ms of CPU per event in a phase: the
	 * load ({@code throughput}) or the catch-up ({@code catchUp}).
	 */
	private double consumerCpuMs(String phase) {
		return num(phase, "cpuMsPerOperation", "partner-sync-service")
				+ num(phase, "cpuMsPerOperation", "postgres-replica");
	}

	/**
	 * {@link #consumerCpuMs} less partner-sync's JIT compiler threads' CPU in the phase
	 * (NaN where a run has no thread split).
	 */
	private double consumerCpuMsWithoutJit(String phase) {
		return consumerCpuMs(phase) - 1000 * consumerJitSeconds(phase) / num(phase, "events");
	}

	private double consumerJitSeconds(String phase) {
		return jitSeconds(num(phase, "cpuSecondsByThread", "partner-sync-service", "jit"),
				section(phase).get("cpuSecondsByThread"));
	}

	private double bareConsumerJitSeconds() {
		Object bare = (section("ceilings").get("bareConsumer") instanceof Map<?, ?> m) ? m.get("cpuSecondsByThread")
				: null;
		return jitSeconds(num("ceilings", "bareConsumer", "cpuSecondsByThread", CpuMeter.HARNESS, "jit"), bare);
	}

	/** Rebuilds that ran during the catch-up, which its figures would include. */
	private String rebuilds() {
		double rebuilds = num("catchUp", "rebuildsStarted");
		return (Double.isNaN(rebuilds) || rebuilds == 0) ? ""
				: " (and " + count(rebuilds) + " rebuild(s) of the replica that ran meanwhile)";
	}

	/**
	 * A phase's consumer CPU per event against the bare consumer's, then the same without
	 * either JVM's compiler threads.
	 */
	private void consumerCpuRows(StringBuilder md, String phase, String measure, String target, String met) {
		row(md, "1", measure, ms(consumerCpuMs(phase)), "bare consumer " + ms(bareConsumerCpuMs()),
				ratio(consumerCpuMs(phase), bareConsumerCpuMs()), target, met);
		row(md, "1",
				"the same without the JIT compiler threads of partner-sync and of the harness (not a target: what"
						+ " compiling took while measured, " + cpuSeconds(consumerJitSeconds(phase)) + " and "
						+ cpuSeconds(bareConsumerJitSeconds()) + ")",
				ms(consumerCpuMsWithoutJit(phase)), "bare consumer " + ms(bareConsumerCpuMsWithoutJit()),
				ratio(consumerCpuMsWithoutJit(phase), bareConsumerCpuMsWithoutJit()), "", "");
	}

	/** A JVM's compilers' seconds: 0 if under the split's 0.1 s, NaN without a split. */
	private static double jitSeconds(double seconds, Object split) {
		return (!Double.isNaN(seconds) || split == null) ? seconds : 0;
	}

	/** {@link #bareConsumerCpuMs()} less the harness's JIT compiler threads' CPU. */
	private double bareConsumerCpuMsWithoutJit() {
		return bareConsumerCpuMs() - 1000 * bareConsumerJitSeconds() / num("ceilings", "bareConsumer", "records");
	}

	/** The bare consumer's (the harness) and the replica PostgreSQL's. */
	private double bareConsumerCpuMs() {
		return num("ceilings", "bareConsumer", "cpuMsPerOperation", CpuMeter.HARNESS)
				+ num("ceilings", "bareConsumer", "cpuMsPerOperation", "postgres-replica");
	}

	/**
	 * The pipeline ceiling ({@link Ceilings#pipeline}): registry write, transactional
	 * Kafka and replica upsert together.
	 */
	double pipelineCeiling() {
		return num("ceilings", "pipeline", "perSecond");
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("# NIK Sync benchmark, ").append(this.results.get("date")).append("\n\n");
		md.append("Command: `").append(this.results.get("command")).append("`  \n");
		md.append("Machine: ").append(inline(section("machine"))).append("  \n");
		md.append("Versions: ").append(inline(section("versions"))).append("  \n");
		md.append("Settings: ").append(inline(section("settings"))).append("\n\n");
		Object repeat = section("settings").get("repeat");
		if (repeat instanceof Number n && n.intValue() > 1) {
			md.append("Each phase ran ")
				.append(n)
				.append(" times: every figure is the median, (min – max) beside it;"
						+ " every run is in the JSON.\n\n");
		}
		md.append("| # | measure | result | ceiling (same run) | ratio | target | met |\n");
		md.append("|---|---|---|---|---|---|---|\n");
		Map<String, Object> targets = targets();
		double produce = num("ceilings", "kafka", "producePerSecond");
		double bare = num("ceilings", "bareConsumer", "appliedPerSecond");
		double ceiling = pipelineCeiling();
		double rawLookups = num("ceilings", "rawLookup", "lookupsPerSecond");
		if (this.results.containsKey("throughput")) {
			row(md, "1",
					"throughput: registry accepts (batch registration, " + count(num("throughput", "events"))
							+ " residents)",
					rate(num("throughput", "registryAcceptedPerSecond"))
							+ spread("throughput", "registryAcceptedPerSecond"),
					"", "", "", "");
			row(md, "1",
					"throughput: outbox relay → Kafka (" + figure(num("throughput", "recordsPerRelayTransaction"))
							+ " records per transaction)",
					rate(num("throughput", "relayPerSecond")) + spread("throughput", "relayPerSecond"),
					"Kafka transactional produce " + rate(produce), ratio(num("throughput", "relayPerSecond"), produce),
					"", "");
			row(md, "1",
					"throughput: consumer → replica (" + figure(num("throughput", "recordsPerConsumerBatch"))
							+ " records per batch)",
					rate(num("throughput", "consumerPerSecond")) + spread("throughput", "consumerPerSecond"),
					"bare consumer " + rate(bare), ratio(num("throughput", "consumerPerSecond"), bare), "", "");
			row(md, "1",
					"throughput: end to end (first request → last event on the replica, "
							+ num("throughput", "endToEndSeconds") + " s)",
					rate(num("throughput", "endToEndPerSecond")) + spread("throughput", "endToEndPerSecond"),
					"pipeline " + rate(ceiling), ratio(num("throughput", "endToEndPerSecond"), ceiling),
					"≥ 20,000/s and ≥ 60 % of the pipeline ceiling",
					met(targets.get("endToEnd>=20000/s"), targets.get("endToEnd>=60%OfPipelineCeiling")));
			consumerCpuRows(md, "throughput", "throughput: CPU per event, partner-sync + its PostgreSQL",
					"≤ 1.2 × the bare consumer's", met(targets.get("consumerCpuPerEvent<=1.2xBareConsumer")));
		}
		if (this.results.containsKey("catchUp")) {
			row(md, "1",
					"catch-up: consumer → replica alone, " + count(num("catchUp", "events"))
							+ " events published while partner-sync was stopped ("
							+ figure(num("catchUp", "recordsPerConsumerBatch")) + " records per batch; all applied "
							+ num("catchUp", "secondsFromContinuedToLastApplied") + " s after it was continued)",
					rate(num("catchUp", "consumerPerSecond")) + spread("catchUp", "consumerPerSecond"),
					"bare consumer " + rate(bare), ratio(num("catchUp", "consumerPerSecond"), bare), "", "");
			consumerCpuRows(md, "catchUp", "catch-up: CPU per event, partner-sync + its PostgreSQL" + rebuilds(),
					"≤ 1.2 × the bare consumer's", met(targets.get("consumerCpuPerEventCatchingUp<=1.2xBareConsumer")));
		}
		for (Object item : list("freshness")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> f = (Map<String, Object>) item;
			boolean at500 = number(f.get("targetPerSecond")) == 500;
			row(md, "2",
					"freshness at " + count(number(f.get("targetPerSecond"))) + " changes/s (achieved "
							+ count(number(f.get("achievedPerSecond"))) + "/s, " + count(number(f.get("changes")))
							+ " changes): p50 / p95 / p99 / max",
					f.get("p50Ms") + " / " + f.get("p95Ms") + " / " + f.get("p99Ms") + spread(f, "p99Ms") + " / "
							+ f.get("maxMs") + " ms (of which until the relay sent it: p50 " + part(f, "p50Ms")
							+ ", p99 " + part(f, "p99Ms") + " ms; " + f.get("changesPerRelayTransaction")
							+ " changes per relay transaction)",
					"", "", at500 ? "p99 ≤ 250 ms" : "", at500 ? met(targets.get("freshnessP99<=250msAt500/s")) : "");
		}
		if (this.results.containsKey("regency")) {
			row(md, "3",
					"re-online regency " + section("regency").get("regionPrefix") + " ("
							+ count(num("regency", "residents")) + " residents): until the replica has every RESYNC",
					num("regency", "secondsUntilReplicaHasAll") + " s" + spread("regency", "secondsUntilReplicaHasAll")
							+ " (registry job done after " + num("regency", "registryJobSeconds") + " s; "
							+ rate(num("regency", "residentsPerSecond")) + ")",
					"pipeline " + rate(ceiling), ratio(num("regency", "residentsPerSecond"), ceiling),
					"≤ 30 s and ≥ 60 % of the pipeline ceiling",
					met(targets.get("regencyReonline<=30s"), targets.get("regencyReonline>=60%OfPipelineCeiling")));
		}
		if (this.results.containsKey("partnerReads")) {
			row(md, "4",
					"partner lookups, " + count(num("partnerReads", "concurrency")) + " clients, "
							+ count(num("partnerReads", "seconds")) + " s (" + count(num("partnerReads", "errors"))
							+ " errors)",
					rate(num("partnerReads", "lookupsPerSecond")).replace("events", "lookups")
							+ spread("partnerReads", "lookupsPerSecond") + ", p50 "
							+ section("partnerReads").get("p50Ms") + " ms, p99 " + section("partnerReads").get("p99Ms")
							+ spread("partnerReads", "p99Ms") + " ms; "
							+ section("partnerReads").get("rateLimitLeasesPer1000Lookups")
							+ " rate-limit leases per 1,000 lookups",
					"raw lookup " + (Double.isNaN(rawLookups) ? NOT_MEASURED
							: rate(rawLookups).replace("events", "lookups") + ", p99 "
									+ num("ceilings", "rawLookup", "p99Ms") + " ms"),
					Double.isNaN(rawLookups) ? ""
							: ratio(num("partnerReads", "lookupsPerSecond"), rawLookups) + "; p99 × "
									+ targetMeasured(targets, "lookupP99<=2xRawLookupP99"),
					"≥ 50 % of raw, p99 ≤ 2 × raw's; ≥ 2,000/s", met(targets.get("lookups>=50%OfRawLookup"),
							targets.get("lookupP99<=2xRawLookupP99"), targets.get("lookups>=2000/s")));
			if (section("partnerReads").get("atOfferedRate") instanceof Map<?, ?>) {
				// the raw lookup offered the same schedule: one commit per lookup where
				// partner-sync shares commits, so a comparison, not a floor
				double rawOfferedP99 = rawOffered("p99Ms");
				row(md, "4", "partner lookups offered " + count(offered("offeredPerSecond"))
						+ "/s, open loop (latency from when each was due; each request to whichever client is free), "
						+ count(num("partnerReads", "seconds")) + " s (" + count(offered("errors")) + " errors)",
						rate(offered("lookupsPerSecond")).replace("events", "lookups")
								+ spread("partnerReads", "atOfferedRate.lookupsPerSecond") + ", p50 " + offered("p50Ms")
								+ " ms, p99 " + offered("p99Ms") + spread("partnerReads", "atOfferedRate.p99Ms")
								+ " ms",
						Double.isNaN(rawOfferedP99) ? ""
								: "raw lookup offered " + count(rawOffered("offeredPerSecond")) + "/s: "
										+ rate(rawOffered("lookupsPerSecond")).replace("events", "lookups") + ", p99 "
										+ rawOfferedP99 + spread("ceilings", "rawLookup.atOfferedRate.p99Ms") + " ms",
						!(rawOfferedP99 > 0) || Double.isNaN(offered("p99Ms")) ? ""
								: "p99 × " + Math.round(offered("p99Ms") / rawOfferedP99 * 1000) / 1000.0,
						"2,000/s at p99 ≤ 20 ms", met(targets.get("lookupP99<=20msAt2000/s")));
			}
			if (section("partnerReads").get(EACH_CLIENT) instanceof Map<?, ?>) {
				row(md, "4",
						"the same, each client its own schedule (client c of "
								+ count(num("partnerReads", "concurrency")) + " sends requests c, c + "
								+ count(num("partnerReads", "concurrency")) + ", …), after it",
						rate(num("partnerReads", EACH_CLIENT, "lookupsPerSecond")).replace("events", "lookups")
								+ spread("partnerReads", EACH_CLIENT + ".lookupsPerSecond") + ", p50 "
								+ num("partnerReads", EACH_CLIENT, "p50Ms") + " ms, p99 "
								+ num("partnerReads", EACH_CLIENT, "p99Ms")
								+ spread("partnerReads", EACH_CLIENT + ".p99Ms") + " ms",
						"", "", "shown, not judged", "");
			}
		}
		if (this.results.containsKey("reonline")) {
			row(md, "7",
					"partner re-online requests: " + count(num("reonline", "niks")) + " NIKs removed from the replica, "
							+ count(num("reonline", "targetPerSecond")) + " requests/s over "
							+ count(num("reonline", "institutions")) + " institutions (polled every "
							+ count(num("reonline", "pollMs")) + " ms): request → ONLINE p50 / p99 / max",
					seconds(num("reonline", "untilOnlineAsPolled", "p50Ms")) + " / "
							+ seconds(num("reonline", "untilOnlineAsPolled", "p99Ms")) + " / "
							+ seconds(num("reonline", "untilOnlineAsPolled", "maxMs")) + " s ("
							+ num("reonline", "requestsPerSecond") + " requests/s achieved; "
							+ count(num("reonline", "online")) + " ONLINE, " + count(num("reonline", "failed"))
							+ " failed, " + count(num("reonline", "timedOut")) + " timed out, "
							+ count(num("reonline", "postErrors")) + " refused; all back on the replica: "
							+ section("reonline").get("allBackOnReplica") + "; as stamped by partner-sync p50 "
							+ seconds(num("reonline", "untilOnlineAsStamped", "p50Ms")) + ", p99 "
							+ seconds(num("reonline", "untilOnlineAsStamped", "p99Ms")) + " s)",
					"", "", "p99 ≤ 2 s, all ONLINE", met(targets.get("reonlineP99<=2s")));
		}
		if (this.results.containsKey("recovery")) {
			row(md, "5",
					"recovery: " + count(num("recovery", "ratePerSecond")) + " changes/s, replica DB down "
							+ count(num("recovery", "outageSeconds")) + " s (max lag "
							+ count(num("recovery", "maxLagRecords")) + " records)",
					((section("recovery").get("secondsToZeroLag") != null)
							? section("recovery").get("secondsToZeroLag") + " s"
									+ spread("recovery", "secondsToZeroLag") + " from its return to zero lag"
							: "lag not back to zero when the phase gave up") + ", "
							+ count(num("recovery", "deadLetters")) + " dead letters",
					"", "", "≤ 30 s, 0 dead letters",
					met(targets.get("recovery<=30s"), targets.get("recovery0DeadLetters")));
		}
		if (this.results.containsKey("ceilings")) {
			row(md, "6",
					"ceiling: registry write (resident, outbox and audit rows, batches of "
							+ count(num("ceilings", "registryWrite", "batch")) + ", "
							+ count(num("ceilings", "registryWrite", "connections")) + " connections"
							+ holding(", into a resident table", "registryWrite", "residentsBefore") + ")",
					rate(num("ceilings", "registryWrite", "writePerSecond")).replace("events", "residents")
							+ spread("ceilings", "registryWrite.writePerSecond") + ", "
							+ ms(num("ceilings", "registryWrite", "cpuMsPerOperation", "total")),
					"", "", "", "");
			row(md, "6",
					"ceiling: Kafka transactional produce / produce+consume read_committed ("
							+ count(num("ceilings", "kafka", "records")) + " records of "
							+ count(num("ceilings", "kafka", "averageRecordBytes")) + " B, "
							+ count(num("ceilings", "kafka", "transactionRecords")) + " per transaction)",
					rate(produce) + " / " + rate(num("ceilings", "kafka", "produceAndConsumePerSecond"))
							+ spread("ceilings", "kafka.produceAndConsumePerSecond") + ", "
							+ ms(num("ceilings", "kafka", "cpuMsPerOperation", "total")),
					"", "", "", "");
			row(md, "6",
					"ceiling: PostgreSQL batched upsert (replica statement, batches of "
							+ count(num("ceilings", "postgres", "batch")) + ", "
							+ count(num("ceilings", "postgres", "connections")) + " connections"
							+ holding(", into a table", "postgres", "rowsBefore") + ")",
					rate(num("ceilings", "postgres", "upsertPerSecond")).replace("events", "rows")
							+ spread("ceilings", "postgres.upsertPerSecond") + ", "
							+ ms(num("ceilings", "postgres", "cpuMsPerOperation", "total")),
					"", "", "", "");
			row(md, "6",
					"ceiling: pipeline (registry write + Kafka + upsert together: min(cores ÷ summed CPU per event "
							+ rate(num("ceilings", "pipeline", "fromCpuPerSecond")) + ", slowest alone "
							+ rate(num("ceilings", "pipeline", "slowestAlonePerSecond")) + "); one after another "
							+ rate(num("ceilings", "pipeline", "oneAfterAnotherPerSecond")) + ")",
					rate(ceiling) + spread("ceilings", "pipeline.perSecond") + ", "
							+ ms(num("ceilings", "pipeline", "cpuMsPerEvent")),
					"", "", "", "");
			row(md, "6",
					"ceiling: bare consumer (" + count(num("ceilings", "bareConsumer", "consumers"))
							+ " plain consumers: decode, replica upsert, commit"
							+ holding("; into a table", "bareConsumer", "rowsBefore") + ")",
					rate(bare) + spread("ceilings", "bareConsumer.appliedPerSecond") + ", "
							+ ms(num("ceilings", "bareConsumer", "cpuMsPerOperation", "total")),
					"", "", "", "");
			row(md, "6",
					"ceiling: raw lookup (" + count(num("ceilings", "rawLookup", "clients"))
							+ " JDBC clients: lookup query + audit insert, one transaction each)",
					rate(num("ceilings", "rawLookup", "lookupsPerSecond")).replace("events", "lookups")
							+ spread("ceilings", "rawLookup.lookupsPerSecond") + ", p50 "
							+ num("ceilings", "rawLookup", "p50Ms") + " ms, p99 "
							+ num("ceilings", "rawLookup", "p99Ms") + " ms, "
							+ ms(num("ceilings", "rawLookup", "cpuMsPerOperation", "total"))
							+ (Double.isNaN(rawOffered("p99Ms")) ? ""
									: "; offered " + count(rawOffered("offeredPerSecond")) + "/s open loop: "
											+ rate(rawOffered("lookupsPerSecond")).replace("events", "lookups")
											+ ", p50 " + rawOffered("p50Ms") + " ms, p99 " + rawOffered("p99Ms")
											+ spread("ceilings", "rawLookup.atOfferedRate.p99Ms") + " ms"),
					"", "", "", "");
		}
		cpuPerOperation(md);
		cpu(md);
		probes(md);
		md.append("\n| JVM | heap limit | peak heap used | peak RSS | target |\n|---|---|---|---|---|\n");
		for (Map<String, Object> jvm : memory()) {
			boolean service = String.valueOf(jvm.get("jvm")).endsWith("-service");
			md.append("| ")
				.append(jvm.get("jvm"))
				.append(" | ")
				.append(jvm.get("maxHeapMiB"))
				.append(" MiB | ")
				.append(jvm.containsKey("peakHeapMiB") ? jvm.get("peakHeapMiB") + " MiB" : jvm.get("heapError"))
				.append(" | ")
				.append(jvm.get("peakRssMiB"))
				.append(" MiB | ")
				.append(service ? "heap ≤ 512 MiB: " + met(targets.get("serviceHeap<=512MiB")) : "")
				.append(" |\n");
		}
		md.append("\nEach service ran the whole benchmark within its heap limit (-Xmx, and"
				+ " -XX:+ExitOnOutOfMemoryError would have ended it otherwise). Peak heap used is the sum of each"
				+ " heap pool's peak since the JVM started, an upper bound: G1 lets the young generation fill"
				+ " whatever the limit leaves. Peak RSS is VmHWM.\n");
		return md.toString();
	}

	/** ms of CPU per operation of every phase and ceiling, per process and in total. */
	@SuppressWarnings("unchecked")
	private void cpuPerOperation(StringBuilder md) {
		List<String> processes = new ArrayList<>(CpuMeter.PIPELINE);
		processes.add(CpuMeter.HARNESS);
		StringBuilder rows = new StringBuilder();
		List<Object[]> measured = new ArrayList<>();
		for (String phase : new String[] { "throughput", "regency", "partnerReads", "reonline", "recovery",
				"catchUp" }) {
			measured.add(new Object[] { phase, section(phase) });
		}
		for (Object item : list("freshness")) {
			Map<String, Object> f = (Map<String, Object>) item;
			measured.add(new Object[] { "freshness " + count(number(f.get("targetPerSecond"))) + "/s", f });
		}
		for (String ceiling : new String[] { "registryWrite", "kafka", "postgres", "bareConsumer", "rawLookup" }) {
			Object figures = section("ceilings").get(ceiling);
			measured.add(new Object[] { "ceiling " + ceiling, (figures instanceof Map) ? figures : Map.of() });
		}
		for (Object[] entry : measured) {
			Object per = ((Map<String, Object>) entry[1]).get("cpuMsPerOperation");
			if (per instanceof Map) {
				Map<String, Object> cpu = (Map<String, Object>) per;
				rows.append("| ").append(entry[0]).append(" | ").append(cpu.get("operation"));
				for (String process : processes) {
					rows.append(" | ").append(cpu.get(process));
				}
				rows.append(" | **").append(cpu.get("total")).append("** |\n");
			}
		}
		if (rows.length() > 0) {
			md.append("\nCPU per operation (ms, from /proc; total: the pipeline's processes for a phase, the"
					+ " processes doing the work, the harness as the client included, for a ceiling):\n\n");
			md.append("| measured | per | ").append(String.join(" | ", processes)).append(" | total |\n");
			md.append("|---".repeat(processes.size() + 3)).append("|\n").append(rows);
		}
	}

	/** CPU seconds per process during the phases that record them (from /proc). */
	@SuppressWarnings("unchecked")
	private void cpu(StringBuilder md) {
		String[] processes = { "registry-service", "partner-sync-service", "kafka", "postgres-registry",
				"postgres-replica", "benchmark-harness" };
		StringBuilder rows = new StringBuilder();
		for (String phase : new String[] { "throughput", "partnerReads", "regency", "catchUp" }) {
			Object used = section(phase).get("cpuSeconds");
			if (used instanceof Map) {
				Map<String, Object> cpu = (Map<String, Object>) used;
				rows.append("| ").append(phase);
				for (String process : processes) {
					rows.append(" | ").append(cpu.get(process));
				}
				rows.append(" | ").append(cpu.get("total")).append(" (").append(cpu.get("shareOfMachine")).append(")");
				rows.append(" |\n");
			}
		}
		if (rows.length() > 0) {
			md.append(
					"\nWhere the cores went (CPU seconds per process during the phase; total and share of all cores):\n\n");
			md.append("| phase | ").append(String.join(" | ", processes)).append(" | total (share) |\n");
			md.append("|---".repeat(processes.length + 2)).append("|\n").append(rows);
		}
	}

	/**
	 * The machine probes ({@link MachineProbe}), and how much slower or faster the
	 * machine was before the ceilings than before the load: the ratios divide figures of
	 * the two. With {@code bench.repeat}, the first run's probes of each.
	 */
	@SuppressWarnings("unchecked")
	private void probes(StringBuilder md) {
		List<Object> probes = list("machineProbes");
		if (probes.isEmpty()) {
			return;
		}
		md.append("\nMachine probe (the same fixed work before each phase, lower is faster: MachineProbe):\n\n");
		md.append("| before | at | Java CPU | PostgreSQL |\n|---|---|---|---|\n");
		Map<String, Object> load = null;
		Map<String, Object> ceilings = null;
		Map<String, Object> catchUp = null;
		for (Object item : probes) {
			Map<String, Object> probe = (Map<String, Object>) item;
			String before = String.valueOf(probe.get("before"));
			load = (load == null && before.startsWith("throughput")) ? probe : load;
			ceilings = (ceilings == null && before.startsWith("ceilings")) ? probe : ceilings;
			catchUp = (catchUp == null && before.startsWith("catch-up")) ? probe : catchUp;
			row(md, before, probe.get("atSeconds") + " s", probe.get("javaCpuMs") + " ms",
					probe.get("postgresMs") + " ms");
		}
		compare(md, "Before the ceilings against before the load", ceilings, load,
				"(above 1: the ceilings ran on a slower machine, below 1: on a faster one)");
		compare(md, "Before the catch-up against before the ceilings", catchUp, ceilings,
				"(below 1: the catch-up ran on a faster machine than the ceilings, which flatters its ratio;"
						+ " above 1: on a slower one, which inflates it)");
	}

	private static void compare(StringBuilder md, String what, Map<String, Object> probe, Map<String, Object> base,
			String meaning) {
		if (probe != null && base != null && number(base.get("javaCpuMs")) > 0 && number(base.get("postgresMs")) > 0) {
			md.append(String.format(Locale.ROOT, "%n%s: Java %.2f ×, PostgreSQL %.2f × %s.%n", what,
					number(probe.get("javaCpuMs")) / number(base.get("javaCpuMs")),
					number(probe.get("postgresMs")) / number(base.get("postgresMs")), meaning));
		}
	}

	@SuppressWarnings("unchecked")
	private static Object part(Map<String, Object> freshness, String key) {
		Object part = freshness.get("untilRelayPickedUp");
		return (part instanceof Map) ? ((Map<String, Object>) part).get(key) : "?";
	}

	private static void row(StringBuilder md, String... cells) {
		md.append("| ").append(String.join(" | ", cells)).append(" |\n");
	}

	/**
	 * "yes" when every check was met, "**no**" when one that was measured was not, else
	 * "not measured" (a run of some phases only: a target on a ceiling that did not run).
	 */
	private static String met(Object... checks) {
		boolean unmeasured = false;
		for (Object check : checks) {
			if (check instanceof Map<?, ?> entry && Boolean.TRUE.equals(entry.get("notMeasured"))) {
				unmeasured = true;
				continue;
			}
			Object met = (check instanceof Map<?, ?> entry) ? entry.get("met") : check;
			if (!Boolean.TRUE.equals(met)) {
				return "**no**";
			}
		}
		return unmeasured ? NOT_MEASURED : "yes";
	}

	private static Object targetMeasured(Map<String, Object> targets, String key) {
		Object entry = targets.get(key);
		return (entry instanceof Map<?, ?> map) ? map.get("measured") : null;
	}

	private static String ms(double ms) {
		return Double.isNaN(ms) ? NOT_MEASURED : String.format(Locale.ROOT, "%.3f ms CPU each", ms);
	}

	/** " (min – max)" of a figure of a repeated phase, "" for one run. */
	private String spread(String phase, String key) {
		return spread(section(phase), key);
	}

	@SuppressWarnings("unchecked")
	private static String spread(Map<String, Object> figures, String key) {
		Object spread = figures.get("spread");
		if (spread instanceof Map && ((Map<String, Object>) spread).get(key) instanceof List<?> range) {
			return String.format(Locale.ROOT, " (%s – %s)", plain(range.get(0)), plain(range.get(1)));
		}
		return "";
	}

	private static String plain(Object value) {
		double v = number(value);
		return (v == Math.rint(v) && Math.abs(v) >= 100) ? count(v) : String.valueOf(value);
	}

	private static String rate(double perSecond) {
		return Double.isNaN(perSecond) ? NOT_MEASURED : count(perSecond) + " events/s";
	}

	private static String figure(double value) {
		return Double.isNaN(value) ? NOT_MEASURED : String.valueOf(value);
	}

	private static String cpuSeconds(double seconds) {
		return Double.isNaN(seconds) ? NOT_MEASURED : String.format(Locale.ROOT, "%.2f s", seconds);
	}

	private static String seconds(double ms) {
		return String.format(Locale.ROOT, "%.2f", ms / 1000);
	}

	private static String ratio(double value, double ceiling) {
		return (ceiling > 0 && !Double.isNaN(value)) ? String.format(Locale.ROOT, "%.1f %%", value / ceiling * 100)
				: "";
	}

	/**
	 * What a ceiling's table held before it wrote (results before the ceilings wrote into
	 * filled tables have none).
	 */
	private String holding(String into, String ceiling, String key) {
		double before = num("ceilings", ceiling, key);
		if (Double.isNaN(before)) {
			return "";
		}
		return into + ((before > 0) ? " already holding " + count(before) + " residents" : " empty at the start");
	}

	private static String count(double value) {
		return String.format(Locale.ROOT, "%,.0f", value);
	}

	private static String inline(Map<String, Object> map) {
		List<String> parts = new ArrayList<>();
		map.forEach((key, value) -> parts.add(key + " " + value));
		return String.join("; ", parts);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> section(String name) {
		Object value = this.results.get(name);
		return (value instanceof Map) ? (Map<String, Object>) value : Map.of();
	}

	@SuppressWarnings("unchecked")
	private List<Object> list(String name) {
		Object value = this.results.get(name);
		return (value instanceof List) ? (List<Object>) value : List.of();
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> memory() {
		return (List<Map<String, Object>>) (List<?>) list("memory");
	}

	private Map<String, Object> freshnessAt(int rate) {
		for (Object item : list("freshness")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> f = (Map<String, Object>) item;
			if (number(f.get("targetPerSecond")) == rate) {
				return f;
			}
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	private double num(String... path) {
		Object value = this.results;
		for (String key : path) {
			value = (value instanceof Map) ? ((Map<String, Object>) value).get(key) : null;
		}
		return (value != null) ? number(value) : Double.NaN;
	}

	/** A figure of the partner reads' open-loop part (NaN when it did not run). */
	private double offered(String key) {
		return num("partnerReads", "atOfferedRate", key);
	}

	/** A figure of the raw lookup's open-loop part (NaN when it did not run). */
	private double rawOffered(String key) {
		return num("ceilings", "rawLookup", "atOfferedRate", key);
	}

	private static double number(Object value) {
		return (value instanceof Number n) ? n.doubleValue() : Double.NaN;
	}

}
