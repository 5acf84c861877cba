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

	private final Map<String, Object> results;

	Report(Map<String, Object> results) {
		this.results = results;
	}

	/** Each target with the figure it is judged on and whether it was met. */
	Map<String, Object> targets() {
		Map<String, Object> targets = new LinkedHashMap<>();
		double e2e = num("throughput", "endToEndPerSecond");
		double e2eCeiling = pipelineCeiling();
		targets.put("endToEnd>=20000/s", e2e >= 20_000);
		targets.put("endToEnd>=60%OfCeiling", e2eCeiling > 0 && e2e / e2eCeiling >= 0.6);
		Map<String, Object> at500 = freshnessAt(500);
		targets.put("freshnessP99<=250msAt500/s", (at500 != null) ? number(at500.get("p99Ms")) <= 250 : null);
		targets.put("regencyReonline<=60s", num("regency", "secondsUntilReplicaHasAll") <= 60);
		targets.put("lookups>=2000/s", num("partnerReads", "lookupsPerSecond") >= 2_000);
		targets.put("lookupP99<=20ms", num("partnerReads", "p99Ms") <= 20);
		if (this.results.containsKey("reonline")) {
			// issue 15: a NIK missing from the replica is ONLINE within 2 s of the
			// request
			targets.put("reonlineP99<=2s", num("reonline", "untilOnlineAsPolled", "p99Ms") <= 2_000
					&& num("reonline", "online") == num("reonline", "niks"));
		}
		Object recovered = section("recovery").get("secondsToZeroLag");
		targets.put("recovery<=30s", recovered != null && number(recovered) <= 30);
		targets.put("recovery0DeadLetters", num("recovery", "deadLetters") == 0);
		boolean heap = true;
		for (Map<String, Object> jvm : memory()) {
			if (String.valueOf(jvm.get("jvm")).endsWith("-service")) {
				// -Xmx and -XX:+ExitOnOutOfMemoryError: a service that needed more would
				// have
				// died and failed its phase; the peak sum below is only an upper bound
				heap &= jvm.get("maxHeapMiB") != null && number(jvm.get("maxHeapMiB")) <= 512;
			}
		}
		targets.put("serviceHeap<=512MiB", heap);
		return targets;
	}

	/** The end-to-end ceiling: the slower of raw Kafka produce+consume and raw upsert. */
	double pipelineCeiling() {
		return Math.min(num("ceilings", "kafka", "produceAndConsumePerSecond"),
				num("ceilings", "postgres", "upsertPerSecond"));
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("# NIK Sync benchmark, ").append(this.results.get("date")).append("\n\n");
		md.append("Command: `").append(this.results.get("command")).append("`  \n");
		md.append("Machine: ").append(inline(section("machine"))).append("  \n");
		md.append("Versions: ").append(inline(section("versions"))).append("  \n");
		md.append("Settings: ").append(inline(section("settings"))).append("\n\n");
		md.append("| # | measure | result | ceiling (same run) | ratio | target | met |\n");
		md.append("|---|---|---|---|---|---|---|\n");
		Map<String, Object> targets = targets();
		double produce = num("ceilings", "kafka", "producePerSecond");
		double ceiling = pipelineCeiling();
		if (this.results.containsKey("throughput")) {
			row(md, "1", "throughput: registry accepts (batch registration, " + count(num("throughput", "events"))
					+ " residents)", rate(num("throughput", "registryAcceptedPerSecond")), "", "", "", "");
			row(md, "1", "throughput: outbox relay → Kafka", rate(num("throughput", "relayPerSecond")),
					"Kafka produce " + rate(produce), ratio(num("throughput", "relayPerSecond"), produce), "", "");
			row(md, "1", "throughput: consumer → replica", rate(num("throughput", "consumerPerSecond")),
					"min(Kafka produce+consume, PG upsert) " + rate(ceiling),
					ratio(num("throughput", "consumerPerSecond"), ceiling), "", "");
			row(md, "1",
					"throughput: end to end (first request → last event on the replica, "
							+ num("throughput", "endToEndSeconds") + " s)",
					rate(num("throughput", "endToEndPerSecond")), rate(ceiling),
					ratio(num("throughput", "endToEndPerSecond"), ceiling), "≥ 20,000/s and ≥ 60 % of ceiling",
					met(targets.get("endToEnd>=20000/s"), targets.get("endToEnd>=60%OfCeiling")));
		}
		for (Object item : list("freshness")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> f = (Map<String, Object>) item;
			boolean at500 = number(f.get("targetPerSecond")) == 500;
			row(md, "2",
					"freshness at " + count(number(f.get("targetPerSecond"))) + " changes/s (achieved "
							+ count(number(f.get("achievedPerSecond"))) + "/s, " + count(number(f.get("changes")))
							+ " changes): p50 / p95 / p99 / max",
					f.get("p50Ms") + " / " + f.get("p95Ms") + " / " + f.get("p99Ms") + " / " + f.get("maxMs")
							+ " ms (of which until the relay read it: p50 " + part(f, "p50Ms") + ", p99 "
							+ part(f, "p99Ms") + " ms)",
					"", "", at500 ? "p99 ≤ 250 ms" : "", at500 ? met(targets.get("freshnessP99<=250msAt500/s")) : "");
		}
		if (this.results.containsKey("regency")) {
			row(md, "3",
					"re-online regency " + section("regency").get("regionPrefix") + " ("
							+ count(num("regency", "residents")) + " residents): until the replica has every RESYNC",
					num("regency", "secondsUntilReplicaHasAll") + " s (registry job done after "
							+ num("regency", "registryJobSeconds") + " s; " + rate(num("regency", "residentsPerSecond"))
							+ ")",
					"", "", "≤ 60 s", met(targets.get("regencyReonline<=60s")));
		}
		if (this.results.containsKey("partnerReads")) {
			row(md, "4",
					"partner lookups, " + count(num("partnerReads", "concurrency")) + " clients, "
							+ count(num("partnerReads", "seconds")) + " s (" + count(num("partnerReads", "errors"))
							+ " errors)",
					rate(num("partnerReads", "lookupsPerSecond")).replace("events", "lookups") + ", p50 "
							+ section("partnerReads").get("p50Ms") + " ms, p99 " + section("partnerReads").get("p99Ms")
							+ " ms; " + section("partnerReads").get("rateLimitLeasesPer1000Lookups")
							+ " rate-limit leases per 1,000 lookups",
					"", "", "≥ 2,000/s at p99 ≤ 20 ms",
					met(targets.get("lookups>=2000/s"), targets.get("lookupP99<=20ms")));
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
					section("recovery").get("secondsToZeroLag") + " s from its return to zero lag, "
							+ count(num("recovery", "deadLetters")) + " dead letters",
					"", "", "≤ 30 s, 0 dead letters",
					met(targets.get("recovery<=30s"), targets.get("recovery0DeadLetters")));
		}
		if (this.results.containsKey("ceilings")) {
			row(md, "6",
					"ceiling: raw Kafka produce / produce+consume (" + count(num("ceilings", "kafka", "records"))
							+ " records of " + count(num("ceilings", "kafka", "averageRecordBytes")) + " B)",
					rate(produce) + " / " + rate(num("ceilings", "kafka", "produceAndConsumePerSecond")), "", "", "",
					"");
			row(md, "6",
					"ceiling: raw PostgreSQL batched upsert (replica statement, batches of "
							+ count(num("ceilings", "postgres", "batch")) + ", "
							+ count(num("ceilings", "postgres", "connections")) + " connections)",
					rate(num("ceilings", "postgres", "upsertPerSecond")).replace("events", "rows"), "", "", "", "");
		}
		cpu(md);
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

	/** CPU seconds per process during the phases that record them (from /proc). */
	@SuppressWarnings("unchecked")
	private void cpu(StringBuilder md) {
		String[] processes = { "registry-service", "partner-sync-service", "kafka", "postgres-registry",
				"postgres-replica", "benchmark-harness" };
		StringBuilder rows = new StringBuilder();
		for (String phase : new String[] { "throughput", "partnerReads", "regency" }) {
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

	@SuppressWarnings("unchecked")
	private static Object part(Map<String, Object> freshness, String key) {
		Object part = freshness.get("untilRelayPickedUp");
		return (part instanceof Map) ? ((Map<String, Object>) part).get(key) : "?";
	}

	private static void row(StringBuilder md, String... cells) {
		md.append("| ").append(String.join(" | ", cells)).append(" |\n");
	}

	private static String met(Object... checks) {
		for (Object check : checks) {
			if (!Boolean.TRUE.equals(check)) {
				return "**no**";
			}
		}
		return "yes";
	}

	private static String rate(double perSecond) {
		return count(perSecond) + " events/s";
	}

	private static String seconds(double ms) {
		return String.format(Locale.ROOT, "%.2f", ms / 1000);
	}

	private static String ratio(double value, double ceiling) {
		return (ceiling > 0) ? String.format(Locale.ROOT, "%.0f %%", value / ceiling * 100) : "";
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

	private static double number(Object value) {
		return (value instanceof Number n) ? n.doubleValue() : Double.NaN;
	}

}
