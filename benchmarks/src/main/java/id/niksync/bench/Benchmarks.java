package id.niksync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.SerializationFeature;
import id.niksync.testsupport.Residents;

/**
 * The benchmark: starts the stack, runs every phase in turn, prints the table and writes
 * it (markdown and JSON) to {@code benchmarks/results/}. Run it with
 * {@code benchmarks/run.sh}; settings in {@link Settings}.
 */
public final class Benchmarks {

	private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm");

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		Result result = run(Settings.fromSystemProperties(), Path.of("").toAbsolutePath(),
				System.getProperty("bench.command", "benchmarks/run.sh"));
		System.out.println();
		System.out.println(result.markdown());
		System.out.println("Written: " + result.markdownFile() + " and " + result.jsonFile());
	}

	static Result run(Settings settings, Path repository, String command) throws Exception {
		long started = System.nanoTime();
		Harness.deleteRecursively(settings.workDir());
		Files.createDirectories(settings.workDir());
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("date", now.withNano(0).toString());
		results.put("command", command);
		results.put("machine", Machine.describe());
		results.put("settings", settings.describe());
		Harness.log(started, "starting Kafka, PostgreSQL x2, registry-service, partner-sync-service (work dir "
				+ settings.workDir() + ")");
		try (Stack stack = Stack.start(settings);
				AutoCloseable hook = Harness.stopOnShutdown(stack, "benchmark-stop")) {
			results.put("versions", versions(stack, repository));
			Harness.log(started, "stack up");
			MachineProbe probe = new MachineProbe(stack);
			Residents residents = new Residents(settings.regencyResidents());
			Http http = new Http(stack.registryAuthorization());
			int repeat = settings.repeat();
			// each run of the load registers the residents after the last run's; the
			// warm-up's come after them all, and the changes' after those
			int warmupFrom = settings.residents() * repeat;
			AtomicInteger nextChange = new AtomicInteger(warmupFrom + settings.warmupResidents());
			if (settings.warmupResidents() > 0) {
				phase(started, "warm-up: " + settings.warmupResidents() + " residents, not measured",
						() -> ThroughputPhase
							.run(stack, settings, settings.warmupResidents(), settings.warmupBatch(), residents, http,
									warmupFrom)
							.get("endToEndPerSecond") + " events/s");
				Harness.log(started, CpuMeter.describe(CpuMeter.compilersIdle(stack)));
			}
			statements(stack, settings, null);
			results.put("throughput",
					repeated(stack, probe, started, "throughput: " + settings.residents() + " residents", repeat,
							(run) -> ThroughputPhase.run(stack, settings, settings.residents(), settings.loadBatch(),
									residents, http, run * settings.residents())));
			statements(stack, settings, "throughput");
			if (settings.runs("ceilings")) {
				Ceilings ceilings = Ceilings.prepare(stack, settings, residents);
				ceilings.warmUp(started);
				results.put("ceilings", repeated(stack, probe, started, "ceilings (each alone)", repeat,
						(run) -> ceilings.measureAll(started)));
				statements(stack, settings, "ceilings");
			}
			if (settings.runs("freshness")) {
				List<Object> freshness = new ArrayList<>();
				for (int rate : settings.freshnessRates()) {
					freshness.add(repeated(stack, probe, started,
							"freshness at " + rate + "/s for " + settings.freshnessDuration(), repeat,
							(run) -> FreshnessPhase.run(stack, rate, settings.freshnessDuration(),
									settings.freshnessWarmup(), residents, http, nextChange)));
				}
				results.put("freshness", freshness);
				statements(stack, settings, "freshness");
			}
			if (settings.runs("reads")) {
				results.put("partnerReads", repeated(stack, probe, started, "partner lookups", repeat,
						(run) -> PartnerReadsPhase.run(stack, settings, residents, http)));
				statements(stack, settings, "reads");
			}
			if (settings.runs("regency")) {
				results.put("regency", repeated(stack, probe, started, "re-online regency " + Residents.REGENCY, repeat,
						(run) -> RegencyPhase.run(stack, settings, http)));
				statements(stack, settings, "regency");
			}
			if (settings.runs("reonline")) {
				results.put("reonline",
						repeated(stack, probe, started,
								"partner re-online requests: " + settings.reonlineNiks() + " NIKs at "
										+ settings.reonlineRate() + "/s",
								repeat, (run) -> ReonlinePhase.run(stack, settings, residents, http, run)));
			}
			if (settings.runs("recovery")) {
				results.put("recovery",
						repeated(stack, probe, started, "recovery: replica DB down " + settings.outage(), repeat,
								(run) -> RecoveryPhase.run(stack, settings, residents, http, nextChange)));
			}
			if (settings.runs("catchup")) {
				// last: the residents it adds are in no other phase's table
				results.put("catchUp",
						repeated(stack, probe, started,
								"catch-up: " + settings.catchUpEvents() + " events applied alone after a pause", repeat,
								(run) -> CatchUpPhase.run(stack, settings, settings.catchUpEvents(), residents, http,
										nextChange)));
			}
			results.put("memory", stack.memory());
			results.put("machineProbes", probe.taken());
		}
		Report report = new Report(results);
		results.put("targets", report.targets());
		results.put("runSeconds", Figures.seconds(Duration.ofNanos(System.nanoTime() - started)));
		Files.createDirectories(settings.resultsDir());
		String name = "benchmark-" + now.format(FILE_STAMP);
		Path json = settings.resultsDir().resolve(name + ".json");
		Path markdown = settings.resultsDir().resolve(name + ".md");
		String table = write(results, report, json, markdown);
		Harness.log(started, "done");
		return new Result(results, table, markdown, json);
	}

	/**
	 * The results as JSON and their table as markdown (also {@link Rejudge}'s).
	 * @return the table
	 */
	static String write(Map<String, Object> results, Report report, Path json, Path markdown) throws IOException {
		String table = report.markdown() + "\nWhole run: " + results.get("runSeconds") + " s.\n";
		Http.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
		Files.writeString(markdown, table);
		return table;
	}

	private static <T> T phase(long started, String name, Callable<T> phase) throws Exception {
		Harness.log(started, name + " ...");
		long begin = System.nanoTime();
		T result = phase.call();
		Harness.log(started,
				name + ": " + result + " (" + Figures.seconds(Duration.ofNanos(System.nanoTime() - begin)) + " s)");
		return result;
	}

	/**
	 * Runs a phase {@code repeat} times, one after another; the runs as one result
	 * ({@link Repeats}).
	 */
	private static Map<String, Object> repeated(Stack stack, MachineProbe probe, long started, String name, int repeat,
			Run phase) throws Exception {
		List<Map<String, Object>> runs = new ArrayList<>();
		for (int run = 0; run < repeat; run++) {
			int index = run;
			String named = (repeat > 1) ? name + " (run " + (run + 1) + " of " + repeat + ")" : name;
			Harness.log(started, "settled in " + Figures.seconds(settle(stack)) + " s");
			probe.take(named, started);
			runs.add(phase(started, named, () -> phase.run(index)));
		}
		return Repeats.combine(runs);
	}

	/**
	 * Both databases written out ({@code CHECKPOINT}) and no autovacuum worker running,
	 * or 90 s passed: a phase should not pay for the writes of the one before it (the
	 * load and the ceilings write millions of rows, whose checkpoint and vacuum otherwise
	 * fall into the next phase). Its own writes it pays for.
	 */
	private static Duration settle(Stack stack) throws Exception {
		long begin = System.nanoTime();
		List<Db> databases = List.of(new Db(stack.registryDb()), new Db(stack.replicaDb()));
		for (Db db : databases) {
			db.update("CHECKPOINT");
		}
		long deadline = begin + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			long vacuuming = 0;
			for (Db db : databases) {
				vacuuming += db
					.queryLong("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'");
			}
			if (vacuuming == 0) {
				break;
			}
			Thread.sleep(500);
		}
		return Duration.ofNanos(System.nanoTime() - begin);
	}

	/**
	 * With {@code bench.profile} (else nothing): each database's statements by time spent
	 * in them ({@code pg_stat_statements}) since the last call, into
	 * {@code <workDir>/statements-<database>-<phase>.tsv}, then the statistics reset.
	 * @param phase what ran since the last call, or null for none (only the reset)
	 */
	private static void statements(Stack stack, Settings settings, String phase) throws Exception {
		if (!settings.profile()) {
			return;
		}
		Map<String, Db> databases = Map.of("registry", new Db(stack.registryDb()), "replica",
				new Db(stack.replicaDb()));
		for (Map.Entry<String, Db> database : databases.entrySet()) {
			Db db = database.getValue();
			db.update("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
			if (phase != null) {
				List<String> rows = new ArrayList<>(List.of("total_ms\tcalls\trows\tms_per_call\tquery"));
				rows.addAll(db.rows("SELECT round(total_exec_time::numeric, 1), calls, rows,"
						+ " round((total_exec_time / greatest(calls, 1))::numeric, 3),"
						+ " regexp_replace(left(query, 200), '\\s+', ' ', 'g')"
						+ " FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25"));
				Files.write(settings.workDir().resolve("statements-" + database.getKey() + "-" + phase + ".tsv"), rows);
			}
			db.rows("SELECT pg_stat_statements_reset()");
		}
	}

	/** One run of a phase, the first being 0. */
	private interface Run {

		Map<String, Object> run(int index) throws Exception;

	}

	private static Map<String, Object> versions(Stack stack, Path repository) throws Exception {
		Map<String, Object> versions = new LinkedHashMap<>();
		versions.put("commit", Harness.git(repository));
		versions.put("springBoot", springBootVersion());
		versions.putAll(stack.describe());
		return versions;
	}

	/** As the services' executable jars record it. */
	private static String springBootVersion() throws java.io.IOException {
		try (java.util.jar.JarFile jar = new java.util.jar.JarFile(
				id.niksync.localstack.Stack.executableJar("registry-service").toFile())) {
			return jar.getManifest().getMainAttributes().getValue("Spring-Boot-Version");
		}
	}

	/** What a run produced. */
	record Result(Map<String, Object> results, String markdown, Path markdownFile, Path jsonFile) {
	}

}
