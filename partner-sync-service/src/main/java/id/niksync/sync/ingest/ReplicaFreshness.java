package id.niksync.sync.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import id.niksync.sync.replica.ReplicaRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

import org.springframework.stereotype.Component;

/**
 * End-to-end freshness: how long a change took from the registry's commit (the event's
 * {@code occurredAt}) to the commit of the replica batch that applied it. Recorded for
 * every event of a committed batch, duplicates included: a redelivered or replayed event
 * did reach the replica that late. Relies on the registry's and this host's clocks being
 * in step (NTP); a negative difference counts as zero.
 */
@Component
public class ReplicaFreshness {

	private final Timer timer;

	private final Clock clock;

	ReplicaFreshness(MeterRegistry meters, Clock clock) {
		this.clock = clock;
		this.timer = Timer.builder("niksync.replica.freshness")
			.description("Registry commit to replica apply, per event")
			.publishPercentiles(0.5, 0.95, 0.99)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofHours(1))
			.register(meters);
	}

	void recordCommitted(List<ReplicaRecord> records) {
		Instant committedAt = this.clock.instant();
		for (ReplicaRecord record : records) {
			if (record.registryChangedAt() != null) {
				Duration took = Duration.between(record.registryChangedAt(), committedAt);
				this.timer.record(took.isNegative() ? Duration.ZERO : took);
			}
		}
	}

	/**
	 * Percentiles and max over Micrometer's decaying window (about the last two minutes);
	 * the count since start.
	 */
	public HistogramSnapshot snapshot() {
		return this.timer.takeSnapshot();
	}

}
