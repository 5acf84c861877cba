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
		String jobUrl = stack.registryUrl() + "/api/v1/republish/" + job.path("jobId").asText();
		JsonNode progress = http.send("GET", jobUrl, null, 200);
		for (int i = 0; i < 600 && progress.path("finishedAt").isMissingNode(); i++) {
			Thread.sleep(500);
			progress = http.send("GET", jobUrl, null, 200);
		}
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
