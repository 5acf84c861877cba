package id.niksync.bench.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import id.niksync.bench.Harness;
import id.niksync.bench.Machine;
import id.niksync.bench.Stack;
import id.niksync.localstack.JvmProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * The fault suite: starts the benchmark's production-shaped stack (standalone KRaft
 * broker, one PostgreSQL server per service, both services from their jars, each in a
 * process of its own) once, then runs each {@link Scenario} in turn under a steady change
 * load ({@link ChangeLoad}) and judges it by comparing every (NIK, version) of the
 * registry and the replica: nothing acknowledged may be lost, no version may regress, and
 * the replica must converge within the timeout. Prints one row per scenario, writes
 * markdown and JSON, and exits non-zero when a scenario failed. Run it with
 * {@code benchmarks/faults.sh}; settings in {@link FaultSettings}.
 */
public final class FaultSuite {

	/** partner-sync's spring.kafka.consumer.group-id. */
	static final String GROUP = "partner-sync";

	private static final String SECOND_SYNC = "partner-sync-service-2";

	private static final String SECOND_SYNC_CLIENT_ID = "partner-sync-2";

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm");

	private static final ObjectMapper JSON = new ObjectMapper();

	private final FaultSettings settings;

	private final Stack stack;

	private final Admin admin;

	private final ChangeLoad load;

	private final ReplicaWatch watch;

	private final TopicTally tally;

	private final long started;

	private FaultSuite(FaultSettings settings, long started, Stack stack, Admin admin, ReplicaWatch watch,
			TopicTally tally) {
		this.settings = settings;
		this.started = started;
		this.stack = stack;
		this.admin = admin;
		this.watch = watch;
		this.tally = tally;
		this.load = new ChangeLoad(stack.registryUrl(), stack.registryAuthorization());
	}

	public static void main(String[] args) throws Exception {
		Result result = run(FaultSettings.fromSystemProperties(), Path.of("").toAbsolutePath(),
				System.getProperty("faults.command", "benchmarks/faults.sh"));
		System.out.println();
		System.out.println(result.markdown());
		System.out.println("Written: " + result.markdownFile() + " and " + result.jsonFile());
		System.exit(result.passed() ? 0 : 1);
	}

	/** One row of the table. */
	record Row(Scenario scenario, long acknowledged, long failed, long lost, long regressed, long deadLettered,
			long duplicated, double downSeconds, Double convergeSeconds, boolean converged, String error,
			Map<String, Object> details) {

		boolean passed() {
			return this.error == null && this.converged && this.convergeSeconds != null && this.lost == 0
					&& this.regressed == 0;
		}

	}

	/** What a run produced. */
	record Result(List<Row> rows, Map<String, Object> results, String markdown, Path markdownFile, Path jsonFile) {

		boolean passed() {
			return !this.rows.isEmpty() && this.rows.stream().allMatch(Row::passed);
		}

	}

	static Result run(FaultSettings settings, Path repository, String command) throws Exception {
		long started = System.nanoTime();
		Harness.deleteRecursively(settings.workDir());
		Files.createDirectories(settings.workDir());
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("date", now.withNano(0).toString());
		results.put("command", command);
		results.put("commit", Harness.git(repository));
		results.put("machine", Machine.describe());
		results.put("settings", settings.describe());
		Harness.log(started, "starting Kafka, PostgreSQL x2, registry-service, partner-sync-service (work dir "
				+ settings.workDir() + ")");
		List<Row> rows = new ArrayList<>();
		try (Stack stack = Stack.start(settings.workDir(), settings.serviceHeap(), settings.brokerHeap());
				AutoCloseable hook = Harness.stopOnShutdown(stack, "faults-stop");
				Admin admin = stack.broker().admin();
				ReplicaWatch watch = new ReplicaWatch(stack.replicaDb(), settings.sampleInterval());
				TopicTally tally = new TopicTally(stack.broker().bootstrapServers())) {
			Harness.log(started, "stack up");
			FaultSuite suite = new FaultSuite(settings, started, stack, admin, watch, tally);
			suite.warmUp();
			Harness.log(started, "warmed up");
			for (Scenario scenario : settings.scenarios()) {
				Harness.log(started, scenario.key() + ": " + scenario.description() + " ...");
				Row row = suite.run(scenario);
				rows.add(row);
				Harness.log(started, scenario.key() + ": " + (row.passed() ? "passed" : "FAILED") + " " + row);
				if (row.error() != null) {
					Harness.log(started, "stopping: the stack may not be whole after an error");
					break;
				}
			}
		}
		results.put("scenarios", rows.stream().map(FaultSuite::describe).toList());
		results.put("passed", !rows.isEmpty() && rows.stream().allMatch(Row::passed));
		results.put("runSeconds", seconds(Duration.ofNanos(System.nanoTime() - started)));
		String markdown = markdown(rows, settings, command) + "\nWhole run: " + results.get("runSeconds") + " s.\n";
		Files.createDirectories(settings.resultsDir());
		String name = "faults-" + now.format(FILE_STAMP);
		Path json = settings.resultsDir().resolve(name + ".json");
		Path md = settings.resultsDir().resolve(name + ".md");
		JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
		Files.writeString(md, markdown);
		Harness.log(started, "done");
		return new Result(rows, results, markdown, md, json);
	}

	private Row run(Scenario scenario) {
		Map<String, Object> details = new LinkedHashMap<>();
		ChangeLoad.Run run = null;
		try {
			this.watch.beginScenario();
			long deadLettersBefore = TopicTally.deadLetters(this.admin);
			JvmProcess second = null;
			if (scenario == Scenario.TWO_SYNCS_ONE_KILLED) {
				second = startSecondSync(details);
			}
			run = this.load.start(this.settings.rate(), this.settings.updateRate());
			Thread.sleep(this.settings.faultAfter().toMillis());
			Instant faultStart = Instant.now();
			Instant faultEnd = inject(scenario, second, details);
			double downSeconds = seconds(Duration.between(faultStart, faultEnd));
			Harness.log(this.started, scenario.key() + ": fault over after " + downSeconds + " s");
			// converged: the replica holds every change acknowledged until the fault
			// ended
			Map<String, Long> due = this.load.snapshot();
			Double convergeSeconds = awaitOnReplica(due, faultEnd);
			Harness.log(this.started, scenario.key() + ": backlog of the fault " + ((convergeSeconds != null)
					? "on the replica after " + convergeSeconds + " s" : "NOT on the replica"));
			// the load goes on until the scenario's residents are registered (a registry
			// that
			// is down acknowledges none) and as long after the fault as before it
			awaitLoad(run, faultEnd);
			run.stop();
			run.await();
			Harness.log(this.started, scenario.key() + ": load done, " + run.changes() + " changes acknowledged");
			details.put("failedByStatus", run.failuresByStatus());
			// then everything: the replica equals the registry and holds every
			// acknowledged
			// change (skipped when the backlog did not even arrive)
			boolean converged = convergeSeconds != null && awaitEqual(details);
			this.watch.sample();
			Versions.Comparison comparison = Versions.compare(Versions.all(this.stack.registryDb(), "resident"),
					Versions.all(this.stack.replicaDb(), "replica_resident"), this.load.acknowledged());
			details.put("comparison", comparison);
			details.put("replicaSamples", this.watch.samples());
			details.put("replicaSamplesFailed", this.watch.failedSamples());
			TopicTally.Tally topic = this.tally.readToEnd(Duration.ofSeconds(60));
			details.put("topicRecords", topic.records());
			details.put("undecodableRecords", topic.undecodable());
			long deadLetters = TopicTally.deadLetters(this.admin) - deadLettersBefore;
			long regressed = this.watch.regressed().size() + comparison.newerOnReplica();
			return new Row(scenario, run.changes(), run.failedChanges(), comparison.lost(), regressed, deadLetters,
					topic.duplicates(), downSeconds, convergeSeconds, converged, null, details);
		}
		catch (Exception ex) {
			ex.printStackTrace();
			return new Row(scenario, (run != null) ? run.changes() : 0, (run != null) ? run.failedChanges() : 0, -1, -1,
					-1, -1, 0, null, false, ex.toString(), details);
		}
	}

	/**
	 * A first few registrations, on the replica before the first scenario: the services'
	 * first requests are slow (classes, JIT, connections) and would count as the first
	 * scenario's failures.
	 */
	private void warmUp() throws Exception {
		ChangeLoad.Run run = this.load.start(this.settings.rate(), 0);
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (run.registrations() < Math.min(100, this.settings.residents()) && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		run.stop();
		run.await();
		if (run.registrations() == 0) {
			throw new IllegalStateException("The registry acknowledged no registration within " + START_TIMEOUT);
		}
		if (!awaitEqual(new LinkedHashMap<>())) {
			throw new IllegalStateException(
					"The replica did not hold the warm-up's residents within " + this.settings.convergeTimeout());
		}
	}

	/**
	 * Until the load has registered the scenario's residents and run as long after the
	 * fault as before it, or the convergence timeout has passed since the fault.
	 */
	private void awaitLoad(ChangeLoad.Run run, Instant faultEnd) throws InterruptedException {
		while (run.registrations() < this.settings.residents()
				|| Duration.between(faultEnd, Instant.now()).compareTo(this.settings.faultAfter()) < 0) {
			if (Duration.between(faultEnd, Instant.now()).compareTo(this.settings.convergeTimeout()) > 0) {
				return;
			}
			Thread.sleep(200);
		}
	}

	/** Makes the fault and ends it; returns when it ended (the restarted part ready). */
	private Instant inject(Scenario scenario, JvmProcess second, Map<String, Object> details) throws Exception {
		id.niksync.localstack.Stack launcher = this.stack.launcher();
		switch (scenario) {
			case REGISTRY_KILLED -> {
				this.stack.registry().kill();
				launcher.restartRegistry(START_TIMEOUT);
			}
			case SYNC_KILLED -> {
				this.stack.sync().kill();
				launcher.restartSync(START_TIMEOUT);
			}
			case BROKER_KILLED -> {
				this.stack.broker().kill();
				Thread.sleep(this.settings.outage().toMillis());
				this.stack.broker().start();
			}
			case REGISTRY_DB_DOWN -> {
				this.stack.registryDb().stopImmediately();
				Thread.sleep(this.settings.outage().toMillis());
				this.stack.registryDb().start();
			}
			case REPLICA_DB_DOWN -> {
				this.stack.replicaDb().stopImmediately();
				Thread.sleep(this.settings.outage().toMillis());
				this.stack.replicaDb().start();
			}
			case TWO_SYNCS_ONE_KILLED -> {
				int partitions = partitionCount();
				second.kill();
				Instant killed = Instant.now();
				// the survivor takes the killed one's partitions after the session
				// timeout
				Instant takenOver = awaitAssignment(Duration.ofSeconds(60),
						(first, other) -> other == 0 && first == partitions);
				details.put("secondsUntilSurvivorHoldsEveryPartition",
						(takenOver != null) ? seconds(Duration.between(killed, takenOver)) : null);
				return killed;
			}
			case REPLICA_WIPED -> {
				// stopped as an operator would (SIGTERM)
				this.stack.sync().close();
				try (Connection connection = this.stack.replicaDb().connect();
						Statement statement = connection.createStatement()) {
					// the resident table of partner-sync's migrations (V1__replica.sql)
					statement.execute("TRUNCATE replica_resident");
				}
				this.watch.forget();
				launcher.restartSync(START_TIMEOUT);
			}
		}
		return Instant.now();
	}

	/**
	 * A second partner-sync in the group: its own port, client id and instance id (used
	 * if static membership is on), started and given partitions before the load.
	 */
	private JvmProcess startSecondSync(Map<String, Object> details) throws Exception {
		Map<String, String> overrides = new LinkedHashMap<>();
		overrides.put("server.port", Integer.toString(freePort()));
		overrides.put("spring.kafka.consumer.client-id", SECOND_SYNC_CLIENT_ID);
		overrides.put("niksync.ingest.instance-id", "fault-suite-" + SECOND_SYNC);
		JvmProcess second = this.stack.launcher().startAnotherSync(SECOND_SYNC, overrides, START_TIMEOUT);
		Instant both = awaitAssignment(Duration.ofSeconds(90), (first, other) -> first > 0 && other > 0);
		if (both == null) {
			throw new IllegalStateException("The two partner-sync instances did not both get partitions within 90 s");
		}
		details.put("partitionsBeforeKill", assignment());
		return second;
	}

	private interface AssignmentCheck {

		boolean test(int first, int second);

	}

	private Instant awaitAssignment(Duration timeout, AssignmentCheck done) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			Map<String, Integer> assignment = assignment();
			if (done.test(assignment.get("first"), assignment.get("second"))) {
				return Instant.now();
			}
			Thread.sleep(200);
		}
		return null;
	}

	/**
	 * Partitions of nik-changes each instance holds now, by its consumers' client ids.
	 */
	private Map<String, Integer> assignment() throws Exception {
		int first = 0;
		int second = 0;
		for (MemberDescription member : this.admin.describeConsumerGroups(List.of(GROUP))
			.all()
			.get(10, TimeUnit.SECONDS)
			.get(GROUP)
			.members()) {
			int partitions = (int) member.assignment()
				.topicPartitions()
				.stream()
				.filter((partition) -> partition.topic().equals(TopicTally.TOPIC))
				.count();
			if (member.clientId().startsWith(SECOND_SYNC_CLIENT_ID)) {
				second += partitions;
			}
			else {
				first += partitions;
			}
		}
		Map<String, Integer> assignment = new LinkedHashMap<>();
		assignment.put("first", first);
		assignment.put("second", second);
		return assignment;
	}

	private int partitionCount() throws Exception {
		return this.admin.describeTopics(List.of(TopicTally.TOPIC))
			.allTopicNames()
			.get(10, TimeUnit.SECONDS)
			.get(TopicTally.TOPIC)
			.partitions()
			.size();
	}

	/**
	 * Seconds from {@code from} until the replica holds every (NIK, version) of
	 * {@code due}; {@code null} if it did not within the timeout.
	 */
	private Double awaitOnReplica(Map<String, Long> due, Instant from) throws InterruptedException {
		long deadline = System.nanoTime() + this.settings.convergeTimeout().toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (Versions.missingOnReplica(this.stack.replicaDb(), due) == 0) {
					return seconds(Duration.between(from, Instant.now()));
				}
			}
			catch (SQLException ex) {
				// the replica's database is not answering yet
			}
			this.stack.checkAlive();
			Thread.sleep(250);
		}
		return null;
	}

	/**
	 * Waits until the replica equals the registry and holds every acknowledged change;
	 * false if it did not within the timeout.
	 */
	private boolean awaitEqual(Map<String, Object> details) throws Exception {
		Instant start = Instant.now();
		long deadline = System.nanoTime() + this.settings.convergeTimeout().toNanos();
		while (System.nanoTime() < deadline) {
			Versions.Comparison comparison = Versions.compare(Versions.all(this.stack.registryDb(), "resident"),
					Versions.all(this.stack.replicaDb(), "replica_resident"), this.load.acknowledged());
			if (comparison.equal() && comparison.lost() == 0) {
				details.put("secondsFromLoadEndToEqual", seconds(Duration.between(start, Instant.now())));
				return true;
			}
			this.stack.checkAlive();
			Thread.sleep(1_000);
		}
		return false;
	}

	private static Map<String, Object> describe(Row row) {
		Map<String, Object> scenario = new LinkedHashMap<>();
		scenario.put("scenario", row.scenario().key());
		scenario.put("description", row.scenario().description());
		scenario.put("passed", row.passed());
		scenario.put("acknowledgedChanges", row.acknowledged());
		scenario.put("failedChanges", row.failed());
		scenario.put("lost", row.lost());
		scenario.put("regressed", row.regressed());
		scenario.put("deadLettered", row.deadLettered());
		scenario.put("duplicated", row.duplicated());
		scenario.put("downSeconds", row.downSeconds());
		scenario.put("convergeSeconds", row.convergeSeconds());
		scenario.put("converged", row.converged());
		scenario.put("error", row.error());
		scenario.put("details", row.details());
		return scenario;
	}

	static String markdown(List<Row> rows, FaultSettings settings, String command) {
		StringBuilder md = new StringBuilder();
		md.append("Fault suite: `")
			.append(command)
			.append("`, ")
			.append(settings.residents())
			.append(" new residents per scenario at ")
			.append(settings.rate())
			.append("/s plus ")
			.append(settings.updateRate())
			.append(" updates/s; fault after ")
			.append(settings.faultAfter().toSeconds())
			.append(" s, outages ")
			.append(settings.outage().toSeconds())
			.append(" s, convergence timeout ")
			.append(settings.convergeTimeout().toSeconds())
			.append(" s.\n\n");
		md.append("| scenario | acknowledged | failed | lost | regressed | dead-lettered | duplicated | down s"
				+ " | converge s | result |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
		for (Row row : rows) {
			md.append("| ")
				.append(row.scenario().key())
				.append(" | ")
				.append(row.acknowledged())
				.append(" | ")
				.append(row.failed())
				.append(" | ")
				.append(row.lost())
				.append(" | ")
				.append(row.regressed())
				.append(" | ")
				.append(row.deadLettered())
				.append(" | ")
				.append(row.duplicated())
				.append(" | ")
				.append(row.downSeconds())
				.append(" | ")
				.append((row.convergeSeconds() != null) ? row.convergeSeconds().toString() : "not within timeout")
				.append(" | ")
				.append(row.passed() ? "passed"
						: "**FAILED**" + ((row.error() != null) ? " (" + row.error() + ")"
								: (!row.converged() ? " (not converged)" : "")))
				.append(" |\n");
		}
		return md.toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	static double seconds(Duration duration) {
		return Math.round(duration.toMillis() / 100.0) / 10.0;
	}

}
