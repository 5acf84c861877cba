package id.niksync.sync.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import id.niksync.sync.deadletter.DeadLetterReason;
import id.niksync.sync.replica.ApplyResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Ingestion's counters: Micrometer meters for Prometheus, and {@link #counters()} for
 * everyone else in the service, so nothing reads a meter back by its name.
 */
@Component
public class IngestMetrics {

	private final MeterRegistry meters;

	private final Counter applied;

	private final Counter stale;

	private final Counter retries;

	private final DistributionSummary batches;

	/** Registered on first use, so Prometheus shows only the reasons that occurred. */
	private final Map<DeadLetterReason, Counter> deadLettered = new ConcurrentHashMap<>();

	IngestMetrics(MeterRegistry meters) {
		this.meters = meters;
		this.applied = Counter.builder("niksync.ingest.events")
			.tag("outcome", "applied")
			.description("Events applied to the replica")
			.register(meters);
		this.stale = Counter.builder("niksync.ingest.events")
			.tag("outcome", "stale")
			.description("Events not newer than the replica (duplicates, redeliveries, reordering)")
			.register(meters);
		this.retries = Counter.builder("niksync.ingest.retries")
			.description(
					"Failed delivery attempts seen by the error handler (retried, or dead-lettered when permanent)")
			.register(meters);
		// Each batch is one replica transaction and one offset commit: their size is what
		// those costs are shared by.
		this.batches = DistributionSummary.builder("niksync.ingest.batch.records")
			.description("Records per batch delivered to the listener (redeliveries included)")
			.baseUnit("records")
			.register(meters);
	}

	public IngestCounters counters() {
		return new IngestCounters(this.applied.count(), this.stale.count(),
				this.deadLettered.values().stream().mapToDouble(Counter::count).sum(), this.retries.count());
	}

	void applied(ApplyResult result) {
		this.applied.increment(result.applied());
		this.stale.increment(result.stale());
	}

	void delivered(int records) {
		this.batches.record(records);
	}

	void retried() {
		this.retries.increment();
	}

	void deadLettered(DeadLetterReason reason) {
		this.deadLettered
			.computeIfAbsent(reason,
					(r) -> Counter.builder("niksync.ingest.dead.lettered")
						.description("Records sent to the dead-letter topic, by reason")
						.tag("reason", r.code())
						.register(this.meters))
			.increment();
	}

}
