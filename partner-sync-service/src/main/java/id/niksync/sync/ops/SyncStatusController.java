package id.niksync.sync.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import id.niksync.sync.ingest.IngestMetrics;
import id.niksync.sync.ingest.IngestStatus;
import id.niksync.sync.lag.SyncHealth;
import id.niksync.sync.lag.SyncHealthReport;

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

	private final IngestMetrics metrics;

	private final SyncHealth health;

	SyncStatusController(IngestStatus ingest, IngestMetrics metrics, SyncHealth health) {
		this.ingest = ingest;
		this.metrics = metrics;
		this.health = health;
	}

	@GetMapping("/ops/sync-status")
	Map<String, Object> status() {
		SyncHealthReport health = this.health.report();
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("verdict", health.verdict());
		status.put("sampledAt", health.sampledAt());
		// as the sample saw it, so that it agrees with the verdict and the replica
		// database's state (a sample is taken at once whenever the breaker moves)
		status.put("consumer", (health.consumer() != null) ? health.consumer() : this.ingest.snapshot());
		status.put("recordsSinceStart", this.metrics.counters());
		// As the latest sample read them: this answer needs no database, so operators can
		// look while the replica database is away.
		status.put("deadLetters", health.deadLetters());
		status.put("replicaDatabase", health.replicaDatabase());
		status.put("partitions", health.partitions());
		status.put("stuck", health.stuck());
		// the running rebuild of the replica or the last one, and the last resident count
		status.put("rebuild", health.rebuild());
		status.put("residents", health.residents());
		status.put("totals", health.totals());
		status.put("freshness", health.freshness());
		status.put("outbox", health.outbox());
		status.put("samples", health.samples());
		return status;
	}

}
