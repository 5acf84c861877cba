package id.niksync.sync.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import id.niksync.sync.deadletter.DeadLetters;
import id.niksync.sync.ingest.IngestStatus;
import id.niksync.sync.lag.SyncHealth;
import id.niksync.sync.lag.SyncHealthReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sync health at a glance: the verdict, the consumer and the replica breaker, lag per
 * partition, freshness, the registry's outbox, dead letters, what happened to records,
 * and the recent samples for charts.
 */
@RestController
class SyncStatusController {

	private final IngestStatus ingest;

	private final DeadLetters deadLetters;

	private final SyncHealth health;

	private final MeterRegistry meters;

	SyncStatusController(IngestStatus ingest, DeadLetters deadLetters, SyncHealth health, MeterRegistry meters) {
		this.ingest = ingest;
		this.deadLetters = deadLetters;
		this.health = health;
		this.meters = meters;
	}

	@GetMapping("/ops/sync-status")
	Map<String, Object> status() {
		Map<String, Object> records = new LinkedHashMap<>();
		records.put("applied", count("niksync.ingest.events", "outcome", "applied"));
		records.put("stale", count("niksync.ingest.events", "outcome", "stale"));
		records.put("deadLettered",
				this.meters.find("niksync.ingest.dead.lettered").counters().stream().mapToDouble(Counter::count).sum());
		records.put("retries", count("niksync.ingest.retries"));
		SyncHealthReport health = this.health.report();
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("verdict", health.verdict());
		status.put("sampledAt", health.sampledAt());
		status.put("consumer", this.ingest.snapshot());
		status.put("recordsSinceStart", records);
		status.put("deadLetters", this.deadLetters.pending());
		status.put("partitions", health.partitions());
		status.put("totals", health.totals());
		status.put("freshness", health.freshness());
		status.put("outbox", health.outbox());
		status.put("samples", health.samples());
		return status;
	}

	private double count(String name, String... tags) {
		Counter counter = this.meters.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
