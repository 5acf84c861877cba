package id.niksync.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.testsupport.Residents;

/**
 * Re-onlines a whole regency: one {@code POST /api/v1/republish {"regionPrefix":"3511"}}
 * and the time until the replica holds the RESYNC version of every resident of the
 * regency (the last one's {@code replicated_at}). A repeated run counts the RESYNCs
 * applied since it started.
 */
final class RegencyPhase {

	private RegencyPhase() {
	}

	static Map<String, Object> run(Stack stack, Settings settings, Http http) throws Exception {
		String prefix = Residents.REGENCY;
		CpuMeter cpu = new CpuMeter(stack);
		Map<String, Long> cpuBefore = cpu.snapshot();
		Instant start = Instant.now();
		JsonNode job = http.send("POST", stack.registryUrl() + "/api/v1/republish",
				"{\"regionPrefix\":\"" + prefix + "\",\"reason\":\"benchmark: re-online a regency\"}", 202);
		String jobUrl = stack.registryUrl() + "/api/v1/republish/" + job.path("jobId").asText();
		// Counting starts once the registry's job is done: before, the replica cannot
		// hold every RESYNC, but the pipeline looks idle whenever the relay and
		// partner-sync have caught up with the job between two of its batches, and each
		// count then took 2.3 s of the replica's PostgreSQL from the phase it measures
		// (10 of them, 22.5 s of its 42.5 CPU seconds; pg_stat_statements, 2026-12-03
		// 17:59). The job's progress is one row by its key.
		JsonNode progress = http.send("GET", jobUrl, null, 200);
		long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
		while (!progress.hasNonNull("finishedAt") && !"FAILED".equals(progress.path("state").asText())
				&& System.nanoTime() < deadline) {
			stack.checkAlive();
			Thread.sleep(250);
			progress = http.send("GET", jobUrl, null, 200);
		}
		if (!progress.hasNonNull("finishedAt")) {
			throw new IllegalStateException("The regency's republish job did not finish: " + progress);
		}
		Db replica = new Db(stack.replicaDb());
		String resynced = "SELECT count(*) FROM replica_resident WHERE nik >= ? AND nik < ? AND change_type = 'RESYNC'"
				+ " AND replicated_at >= ?";
		String upper = Integer.toString(Integer.parseInt(prefix) + 1);
		java.sql.Timestamp since = java.sql.Timestamp.from(start);
		PipelineIdle.Seen idleSeen = PipelineIdle.awaitCount(stack, cpu, resynced,
				(n) -> n >= settings.regencyResidents(), prefix, upper, since);
		// up to where the pipeline went idle, before the count that confirmed it
		Map<String, Long> cpuAfter = idleSeen.cpu();
		Map<String, Object> cpuUsed = CpuMeter.since(cpuBefore, cpuAfter,
				Duration.between(start, idleSeen.at()).toMillis() / 1000.0);
		Instant last = replica.queryInstant("SELECT max(replicated_at) FROM replica_resident WHERE nik >= ? AND nik < ?"
				+ " AND change_type = 'RESYNC' AND replicated_at >= ?", prefix, upper, since);
		Instant jobFinished = Instant.parse(progress.path("finishedAt").asText());
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("regionPrefix", prefix);
		result.put("residents", settings.regencyResidents());
		result.put("jobState", progress.path("state").asText());
		result.put("registryJobSeconds", Figures.seconds(start, jobFinished));
		result.put("secondsUntilReplicaHasAll", Figures.seconds(start, last));
		result.put("residentsPerSecond", Figures.perSecond(settings.regencyResidents(), start, last));
		result.put("cpuSeconds", cpuUsed);
		result.put("cpuMsPerOperation",
				CpuMeter.perOperation(cpuBefore, cpuAfter, settings.regencyResidents(), "resident"));
		return result;
	}

}
