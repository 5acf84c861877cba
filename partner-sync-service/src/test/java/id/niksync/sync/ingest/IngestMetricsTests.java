package id.niksync.sync.ingest;

import id.niksync.sync.deadletter.DeadLetterReason;
import id.niksync.sync.replica.ApplyResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IngestMetricsTests {

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final IngestMetrics metrics = new IngestMetrics(this.meters);

	@Test
	void readsBackWhatItCounted() {
		this.metrics.applied(new ApplyResult(3, 1));
		this.metrics.applied(new ApplyResult(2, 0));
		this.metrics.deadLettered(DeadLetterReason.INVALID_NIK);
		this.metrics.deadLettered(DeadLetterReason.DESERIALIZATION);
		this.metrics.deadLettered(DeadLetterReason.INVALID_NIK);
		this.metrics.retried();

		assertThat(this.metrics.counters()).isEqualTo(new IngestCounters(5, 1, 3, 1));
	}

	@Test
	void startsAtZero() {
		assertThat(this.metrics.counters()).isEqualTo(new IngestCounters(0, 0, 0, 0));
	}

	@Test
	void keepsTheMetersPrometheusScrapes() {
		this.metrics.applied(new ApplyResult(3, 1));
		this.metrics.deadLettered(DeadLetterReason.INVALID_NIK);
		this.metrics.retried();

		assertThat(this.meters.get("niksync.ingest.events").tag("outcome", "applied").counter().count()).isEqualTo(3);
		assertThat(this.meters.get("niksync.ingest.events").tag("outcome", "stale").counter().count()).isEqualTo(1);
		assertThat(this.meters.get("niksync.ingest.dead.lettered").tag("reason", "INVALID_NIK").counter().count())
			.isEqualTo(1);
		assertThat(this.meters.get("niksync.ingest.retries").counter().count()).isEqualTo(1);
	}

	@Test
	void recordsTheSizeOfEachDeliveredBatch() {
		this.metrics.delivered(3);
		this.metrics.delivered(997);

		var batches = this.meters.get("niksync.ingest.batch.records").summary();
		assertThat(batches.count()).isEqualTo(2);
		assertThat(batches.totalAmount()).isEqualTo(1000);
		assertThat(batches.max()).isEqualTo(997);
	}

}
